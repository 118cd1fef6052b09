import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', gap: 10 },
  icon: { width: 28, height: 28, flexShrink: 0 },
  word: {
    color: '#ffffff',
    fontSize: 24,
    fontWeight: 700,
    letterSpacing: 1,
  },
});

/** A pier: deck planks on pilings over water. Stays legible at 28 px. */
export const PierIcon = () => {
  const classes = useStyles();
  return (
    <svg className={classes.icon} viewBox="0 0 32 32" aria-hidden="true">
      <rect x="2" y="9" width="28" height="5" rx="1.5" fill="#5eead4" />
      <rect x="6" y="14" width="3" height="11" fill="#5eead4" />
      <rect x="14.5" y="14" width="3" height="11" fill="#5eead4" />
      <rect x="23" y="14" width="3" height="11" fill="#5eead4" />
      <path
        d="M1 26c3 0 3 2 6 2s3-2 6-2 3 2 6 2 3-2 6-2 3 2 6 2"
        stroke="#38bdf8"
        strokeWidth="2"
        fill="none"
      />
    </svg>
  );
};

export const PierLogo = ({ withWordmark }: { withWordmark: boolean }) => {
  const classes = useStyles();
  return (
    <span className={classes.row}>
      <PierIcon />
      {withWordmark && <span className={classes.word}>Pier</span>}
    </span>
  );
};
