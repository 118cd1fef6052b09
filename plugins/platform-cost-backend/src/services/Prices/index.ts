export * from './priceTable';
export * from './loadPriceTable';
