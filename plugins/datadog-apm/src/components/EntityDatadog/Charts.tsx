import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  ApmDeployMarker,
  ApmEnvSeries,
  ApmRange,
  ApmStat,
} from '@internal/plugin-datadog-apm-common';
import Typography from '@material-ui/core/Typography';
import { STAT_LABELS, formatStat } from '../format';

const tick = (range: ApmRange) => (t: number) => {
  const iso = new Date(t).toISOString();
  return range === '7d' ? iso.slice(5, 10) : iso.slice(11, 16);
};

/**
 * One statistic of one env/cluster over the range (solid), the previous period (dashed) and a
 * marker where the version changed.
 */
export function StatChart(props: {
  env: ApmEnvSeries;
  stat: ApmStat;
  range: ApmRange;
  deploys: ApmDeployMarker[];
  height?: number;
}) {
  const { env, stat, range, deploys, height = 160 } = props;
  // null values are Datadog's gaps: the line breaks there instead of bridging them
  const byTime = new Map<
    number,
    { t: number; current?: number | null; previous?: number | null }
  >();
  for (const p of env.current[stat]) byTime.set(p.t, { t: p.t, current: p.v });
  for (const p of env.previous[stat]) {
    byTime.set(p.t, { ...(byTime.get(p.t) ?? { t: p.t }), previous: p.v });
  }
  const data = [...byTime.values()].sort((a, b) => a.t - b.t);
  const gaps = env.current[stat].filter(p => p.v === null).length;
  const markers = deploys.filter(
    d => d.env === env.env && d.cluster === env.cluster,
  );
  return (
    <div data-testid={`datadog-chart-${env.env}-${stat}`}>
      <Typography variant="subtitle2">
        {STAT_LABELS[stat]} · {env.env}
        {env.cluster !== env.env ? ` / ${env.cluster}` : ''}
        {gaps > 0 && (
          <Typography
            component="span"
            variant="caption"
            color="textSecondary"
            data-testid={`datadog-gaps-${env.env}-${stat}`}
          >
            {' '}
            · {gaps} {gaps === 1 ? 'gap' : 'gaps'} without data
          </Typography>
        )}
      </Typography>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart
          data={data}
          margin={{ top: 16, right: 8, left: 0, bottom: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tick(range)}
            fontSize={11}
          />
          <YAxis
            width={72}
            fontSize={11}
            // "60.00 req/s" wraps at this width; the title already names the unit
            tickFormatter={(v: number) =>
              stat === 'requests'
                ? String(Number(v.toFixed(2)))
                : formatStat(stat, v)
            }
          />
          <Tooltip
            labelFormatter={(t: number) => new Date(t).toISOString()}
            formatter={(v: number) => formatStat(stat, v)}
          />
          <Legend verticalAlign="bottom" height={20} iconSize={10} />
          <Line
            name="this period"
            dataKey="current"
            stroke="#632ca6"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            name="previous period"
            dataKey="previous"
            stroke="#9e9e9e"
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
            connectNulls={false}
          />
          {markers.map(m => (
            <ReferenceLine
              key={`${m.at}-${m.version}`}
              x={Date.parse(m.at)}
              stroke="#e65100"
              strokeDasharray="2 2"
              label={{
                value: `deploy ${m.version}`,
                position: 'insideTopLeft',
                fontSize: 10,
                fill: '#e65100',
              }}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
