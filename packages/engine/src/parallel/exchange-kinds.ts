/**
 * Kinds of the nodes a stage of a parallel run adds where the plan cut an edge: never in a
 * document, never in the catalog; they exist only inside one stage's compiled graph.
 */
export const EXCHANGE_IN_KIND = 'exchange.in';
export const EXCHANGE_OUT_KIND = 'exchange.out';

/** Node id of the exchange that replaces cut edge `edgeId` inside a stage. */
export const exchangeInId = (edgeId: string) => `${edgeId}⇢in`;
export const exchangeOutId = (edgeId: string) => `${edgeId}⇢out`;
