import { Link } from '@backstage/core-components';
import {
  Explanation,
  FileToChange,
} from '@internal/plugin-service-overview-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ErrorIcon from '@material-ui/icons/Error';
import WarningIcon from '@material-ui/icons/Warning';
import { useState } from 'react';

const REPOSITORY = {
  service: "the service's repository",
  gitops: 'the GitOps repository',
} as const;

/** The file to change: which repository, the path (linked when the repository is known), and what to change. */
export function FileLine(props: { file: FileToChange }) {
  const { file } = props;
  const base = file.repositoryUrl?.replace(/\.git$/, '').replace(/\/+$/, '');
  return (
    <Typography variant="body2" component="div" data-testid="explanation-file">
      In {REPOSITORY[file.repository]}:{' '}
      {base && /^https?:\/\//.test(base) ? (
        <Link to={`${base}/${file.path}`}>
          <code>{file.path}</code>
        </Link>
      ) : (
        <code>{file.path}</code>
      )}{' '}
      — {file.change}
    </Typography>
  );
}

/** A link-styled button that opens and closes something; `labels`: when closed, when open. */
function Toggle(props: {
  open: boolean;
  onToggle: () => void;
  labels: [string, string];
}) {
  return (
    <Link
      component="button"
      to="#"
      onClick={(event: React.MouseEvent) => {
        event.preventDefault();
        props.onToggle();
      }}
      aria-expanded={props.open}
    >
      {props.labels[props.open ? 1 : 0]}
    </Link>
  );
}

/** Past this many characters a cause (a kubelet event, a log line) is cut, with a toggle to read it all. */
const CAUSE_LIMIT = 280;

/** The cause, quoting the evidence; a long quote is cut at a word and can be read in full. */
function Cause(props: { text: string }) {
  const [whole, setWhole] = useState(false);
  const long = props.text.length > CAUSE_LIMIT;
  const cut = props.text.slice(0, CAUSE_LIMIT).replace(/\s+\S*$/, '');
  return (
    <Typography
      variant="body2"
      paragraph
      data-testid="explanation-cause"
      style={{ overflowWrap: 'anywhere' }}
    >
      {long && !whole ? `${cut} …` : props.text}
      {long && (
        <>
          {' '}
          <Toggle
            open={whole}
            onToggle={() => setWhole(w => !w)}
            labels={['show all', 'show less']}
          />
        </>
      )}
    </Typography>
  );
}

function Details(props: { explanation: Explanation }) {
  const e = props.explanation;
  return (
    <Box pl={3.5} pb={1} data-testid="explanation-details">
      <Cause text={e.cause} />
      <Typography variant="subtitle2">How to fix it</Typography>
      <ol style={{ marginTop: 0, paddingLeft: 20 }}>
        {e.fix.map((step, i) => (
          <li key={i}>
            <Typography variant="body2">{step}</Typography>
          </li>
        ))}
      </ol>
      <FileLine file={e.file} />
      {e.relatedFiles.map((f, i) => (
        <FileLine key={i} file={f} />
      ))}
      <Typography
        variant="caption"
        color="textSecondary"
        component="div"
        style={{ marginTop: 4 }}
      >
        Seen on {e.objects.join(', ')}
      </Typography>
    </Box>
  );
}

/**
 * One explanation: its title a junior understands, and — opened — the cause quoting the evidence,
 * the fix step by step, and the file to change.
 */
export function ExplanationItem(props: {
  explanation: Explanation;
  defaultOpen?: boolean;
  /** The entity tab with the detail (Kubernetes or Deployments), linked as "details". */
  detailsTo?: string;
}) {
  const { explanation: e } = props;
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const icon =
    e.severity === 'error' ? (
      <ErrorIcon fontSize="small" style={{ color: '#d32f2f' }} />
    ) : (
      <WarningIcon fontSize="small" style={{ color: '#ed6c02' }} />
    );
  return (
    <Box data-testid={`explanation-${e.id}`}>
      <Box display="flex" alignItems="flex-start" style={{ gap: 6 }} mb={0.5}>
        {icon}
        <Typography variant="body2">
          {e.title}{' '}
          <Toggle
            open={open}
            onToggle={() => setOpen(o => !o)}
            labels={['why, and how to fix it', 'hide the fix']}
          />
          {props.detailsTo && (
            <>
              {' · '}
              <Link to={props.detailsTo}>details</Link>
            </>
          )}
        </Typography>
      </Box>
      {open && <Details explanation={e} />}
    </Box>
  );
}
