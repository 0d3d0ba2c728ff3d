import { openTemplate } from '../../live/pipeline-actions';
import { TEMPLATES } from '../../logic/templates';
import { Menu, MenuItem } from '../common/Menu';

export function TemplatesMenu() {
  return (
    <Menu label="Templates" testId="templates-menu" title="Start from an example pipeline">
      {(close) =>
        TEMPLATES.map((t) => (
          <MenuItem
            key={t.file}
            testId={`template-${t.file}`}
            title={t.document.name}
            detail={t.document.description}
            onChoose={() => openTemplate(t.document)}
            close={close}
          />
        ))
      }
    </Menu>
  );
}
