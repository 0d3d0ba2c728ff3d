/** What early, final and update mean, under panels that show window results. */
export function FireLegend() {
  return (
    <div className="fire-legend" data-testid="fire-legend">
      <span>
        <b>final</b> the window closed
      </span>
      <span className="early">
        <b>early</b> running value of a window still open
      </span>
      <span>
        <b>update</b> a late event changed a closed window
      </span>
    </div>
  );
}
