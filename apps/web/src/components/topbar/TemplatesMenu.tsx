import { openTemplate } from '../../live/pipeline-actions';
import { NEXMARK_TEMPLATES, TEMPLATES, type Template } from '../../logic/templates';
import { Menu, MenuItem } from '../common/Menu';

export function TemplatesMenu() {
  const item = (t: Template, close: () => void) => (
    <MenuItem
      key={t.file}
      testId={`template-${t.file}`}
      title={t.document.name}
      detail={t.document.description}
      onChoose={() => openTemplate(t.document)}
      close={close}
    />
  );
  return (
    <Menu label="Templates" testId="templates-menu" title="Start from an example pipeline">
      {(close) => (
        <>
          {TEMPLATES.map((t) => item(t, close))}
          <div className="menu-heading">Nexmark benchmark queries</div>
          {NEXMARK_TEMPLATES.map((t) => item(t, close))}
        </>
      )}
    </Menu>
  );
}
