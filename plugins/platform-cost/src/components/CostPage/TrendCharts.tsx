import { CostDay } from '@internal/plugin-platform-cost-common';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatUsd } from '@internal/pier-react';

function spendPoints(trend: CostDay[]) {
  return trend.map(d => {
    const scale =
      d.dailyRate !== null && d.cost > 0 ? d.dailyRate / d.cost : null;
    return {
      day: d.day.slice(5),
      spot: scale === null ? null : d.spotCost * scale,
      onDemand: scale === null ? null : d.onDemandCost * scale,
      idle: scale === null ? null : d.idleCost * scale,
    };
  });
}

export function SpendChart({ trend }: { trend: CostDay[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart
        data={spendPoints(trend)}
        margin={{ top: 8, right: 8, left: 8, bottom: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" minTickGap={16} />
        <YAxis tickFormatter={v => formatUsd(Number(v))} width={70} />
        <Tooltip formatter={(v: any) => formatUsd(Number(v))} />
        <Legend />
        <Bar
          dataKey="onDemand"
          name="On-demand"
          stackId="cost"
          fill="#1f77b4"
          isAnimationActive={false}
        />
        <Bar
          dataKey="spot"
          name="Spot"
          stackId="cost"
          fill="#2ca02c"
          isAnimationActive={false}
        />
        <Line
          dataKey="idle"
          name="of which idle"
          stroke="#d62728"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function NodesChart({ trend }: { trend: CostDay[] }) {
  const points = trend.map(d => ({
    day: d.day.slice(5),
    nodes: d.dailyRate === null ? null : Math.round(d.nodes * 10) / 10,
    binPacking: d.binPacking === null ? null : Math.round(d.binPacking * 100),
  }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart
        data={points}
        margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" minTickGap={16} />
        <YAxis yAxisId="nodes" allowDecimals={false} />
        <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} unit="%" />
        <Tooltip />
        <Legend />
        <Line
          yAxisId="nodes"
          dataKey="nodes"
          name="Nodes"
          stroke="#1f77b4"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          yAxisId="pct"
          dataKey="binPacking"
          name="Bin-packing %"
          stroke="#ff7f0e"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
