import { useEffect, useState } from 'react';
import { importText } from '../../live/pipeline-actions';
import { PALETTE_MIME } from '../palette/palette-mime';

const hasFiles = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));

/** Dropping a .json file anywhere on the page imports it. */
export function FileDropOverlay() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overHandler = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = async (e: DragEvent) => {
      depth = 0;
      setOver(false);
      if (!hasFiles(e) || e.dataTransfer?.types.includes(PALETTE_MIME)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) importText(await file.text(), file.name);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div>Drop a pipeline .json file to import it</div>
    </div>
  );
}
