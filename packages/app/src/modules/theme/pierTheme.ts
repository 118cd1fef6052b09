import {
  createUnifiedTheme,
  genPageTheme,
  palettes,
  shapes,
} from '@backstage/theme';

const deepSea = ['#0f2a44', '#0e7490'];
const headerColors: Record<string, string[]> = {
  home: deepSea,
  documentation: ['#134e4a', '#0f766e'],
  tool: ['#1e3a5f', '#0369a1'],
  service: ['#0f2a44', '#0e7490'],
  website: ['#1e3a5f', '#0891b2'],
  library: ['#1f2937', '#0f766e'],
  other: deepSea,
  app: deepSea,
  apis: ['#134e4a', '#0e7490'],
};

const pageTheme = Object.fromEntries(
  Object.entries(headerColors).map(([key, colors]) => [
    key,
    genPageTheme({ colors, shape: shapes.wave }),
  ]),
);

export const pierLightTheme = createUnifiedTheme({
  palette: {
    ...palettes.light,
    primary: { main: '#0e7490' },
    secondary: { main: '#0f2a44' },
    navigation: {
      ...palettes.light.navigation,
      background: '#0f2a44',
      indicator: '#5eead4',
      selectedColor: '#ffffff',
      color: '#cbd5e1',
      navItem: { hoverBackground: '#1e3a5f' },
    },
  },
  defaultPageTheme: 'home',
  pageTheme,
});

export const pierDarkTheme = createUnifiedTheme({
  palette: {
    ...palettes.dark,
    primary: { main: '#5eead4' },
    secondary: { main: '#38bdf8' },
    navigation: {
      ...palettes.dark.navigation,
      background: '#0b1d30',
      indicator: '#5eead4',
    },
  },
  defaultPageTheme: 'home',
  pageTheme,
});
