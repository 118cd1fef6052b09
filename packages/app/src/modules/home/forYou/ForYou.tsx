import { Progress } from '@backstage/core-components';
import { PersonaId, personaById } from '@internal/access-policy';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { JuniorStart } from './JuniorStart';
import { LeadHeadlines } from './LeadHeadlines';
import { ReviewQueue } from './ReviewQueue';
import { TeamServices } from './TeamServices';
import { useSignedIn } from './useSignedIn';

function Section(props: {
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Box mb={3} data-testid={props.testId}>
      <Typography variant="h6" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

const has = (personas: PersonaId[], ...ids: PersonaId[]) =>
  ids.some(id => personas.includes(id));

/**
 * The home page's first widget, by who is signed in: everyone with a team sees its services with
 * their verdicts; developers the templates and their runs; reviewers what waits for review; leads
 * their teams' cost and security.
 */
export function ForYou() {
  const { value: me, loading, error } = useSignedIn();
  if (loading) return <Progress />;
  if (error || !me) {
    return (
      <Typography variant="body2">
        Who you are could not be read: {error?.message}
      </Typography>
    );
  }
  const { personas, teams } = me;
  const roles = personas.map(p => personaById(p).title).join(', ');
  return (
    <Box>
      <Typography
        variant="body2"
        color="textSecondary"
        gutterBottom
        data-testid="home-who"
      >
        {roles || 'Signed in'}
        {teams.length
          ? ` · ${teams.map(t => t.replace(/^group:[^/]+\//, '')).join(', ')}`
          : ''}
      </Typography>
      {has(personas, 'lead') && (
        <Section title="Your teams: cost and security" testId="home-lead">
          <LeadHeadlines teams={teams} />
        </Section>
      )}
      {has(personas, 'reviewer', 'platform') && (
        <Section title="Needs review now" testId="home-reviewer">
          <ReviewQueue />
        </Section>
      )}
      <Section title="Your team's services" testId="home-services">
        <TeamServices teams={teams} />
      </Section>
      {has(personas, 'junior', 'platform') && (
        <Section title="Start something" testId="home-junior">
          <JuniorStart />
        </Section>
      )}
    </Box>
  );
}
