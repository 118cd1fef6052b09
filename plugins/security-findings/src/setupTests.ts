import '@testing-library/jest-dom';

// recharts' ResponsiveContainer measures its parent; jsdom has no layout, so give it a stand-in.
class ResizeObserverStandIn {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= ResizeObserverStandIn;
