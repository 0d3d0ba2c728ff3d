/** The drag-and-drop type carrying a node kind from the palette to the canvas. */
export const PALETTE_MIME = 'application/x-eventide-kind';
