import { Menu } from '../common/Menu';

const SHORTCUTS: [string, string][] = [
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'redo'],
  ['Ctrl+C / Ctrl+V', 'copy / paste nodes'],
  ['Ctrl+A', 'select everything'],
  ['Delete / Backspace', 'delete the selection'],
  ['Ctrl / Shift + click', 'add to the selection'],
  ['Shift + drag', 'select with a box'],
  ['Ctrl+S', 'save to the server'],
  ['Ctrl+Space', 'complete in an expression'],
];

export function ShortcutsMenu() {
  return (
    <Menu label="⌨" testId="shortcuts-menu" title="Keyboard shortcuts">
      {() => (
        <dl className="shortcuts">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      )}
    </Menu>
  );
}
