import { TrendPoint } from '@internal/plugin-security-findings-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { SEVERITY_COLORS } from '@internal/pier-react';

/** Stacked daily bars of open critical and high findings; reconstructed days are drawn lighter. */
export function TrendChart(props: { points: TrendPoint[]; days: number }) {
  const points = props.points.slice(-props.days).map(p => ({
    day: p.day,
    critical: p.counts.CRITICAL,
    high: p.counts.HIGH,
    reconstructed: p.reconstructed,
  }));
  if (!points.length) return <Typography>No trend data yet.</Typography>;
  const opacity = (p: { reconstructed: boolean }) =>
    p.reconstructed ? 0.45 : 1;
  return (
    <Box>
      <div role="img" aria-label="Open critical and high findings per day">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart
            data={points}
            margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="day"
              tickFormatter={d => String(d).slice(5)}
              minTickGap={16}
            />
            <YAxis allowDecimals={false} width={48} />
            <Tooltip
              labelFormatter={(day, payload) =>
                payload?.[0]?.payload?.reconstructed
                  ? `${day} (reconstructed)`
                  : String(day)
              }
            />
            <Legend />
            <Bar
              dataKey="critical"
              name="Critical"
              stackId="open"
              fill={SEVERITY_COLORS.CRITICAL}
              isAnimationActive={false}
            >
              {points.map(p => (
                <Cell key={p.day} fillOpacity={opacity(p)} />
              ))}
            </Bar>
            <Bar
              dataKey="high"
              name="High"
              stackId="open"
              fill={SEVERITY_COLORS.HIGH}
              isAnimationActive={false}
            >
              {points.map(p => (
                <Cell key={p.day} fillOpacity={opacity(p)} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      {points.some(p => p.reconstructed) && (
        <Typography variant="caption">
          Lighter bars are reconstructed from the findings' first-observed and
          closing dates (first ingestion), not recorded on that day. Suppressed
          findings (accepted risks) are not counted.
        </Typography>
      )}
    </Box>
  );
}
