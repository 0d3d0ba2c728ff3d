import { openTemplate } from '../../live/pipeline-actions';
import { TEMPLATES } from '../../logic/templates';
import { Menu } from '../common/Menu';

export function TemplatesMenu() {
  return (
    <Menu label="Templates" testId="templates-menu" title="Start from an example pipeline">
      {(close) =>
        TEMPLATES.map((t) => (
          <button
            key={t.file}
            type="button"
            role="menuitem"
            className="menu-item"
            data-testid={`template-${t.file}`}
            onClick={() => {
              openTemplate(t.document);
              close();
            }}
          >
            <strong>{t.document.name}</strong>
            {t.document.description && <span>{t.document.description}</span>}
          </button>
        ))
      }
    </Menu>
  );
}
