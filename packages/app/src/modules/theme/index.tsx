import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import { UnifiedThemeProvider } from '@backstage/theme';
import LightIcon from '@material-ui/icons/WbSunny';
import DarkIcon from '@material-ui/icons/Brightness2';
import { pierDarkTheme, pierLightTheme } from './pierTheme';

const pierLight = ThemeBlueprint.make({
  name: 'light',
  params: {
    theme: {
      id: 'light',
      title: 'Pier light',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={pierLightTheme} children={children} />
      ),
    },
  },
});

const pierDark = ThemeBlueprint.make({
  name: 'dark',
  params: {
    theme: {
      id: 'dark',
      title: 'Pier dark',
      variant: 'dark',
      icon: <DarkIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={pierDarkTheme} children={children} />
      ),
    },
  },
});

/** Replaces the app's default light and dark themes with Pier's. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [pierLight, pierDark],
});
