import { type ReactNode, useEffect, useRef, useState } from 'react';

/** A button that opens a popover; closes on outside click, Escape, or when an item is chosen. */
export function Menu(props: {
  label: ReactNode;
  testId: string;
  title?: string;
  align?: 'left' | 'right';
  children: (close: () => void) => ReactNode;
  onOpen?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className={`btn ghost${open ? ' active' : ''}`}
        data-testid={props.testId}
        title={props.title}
        aria-expanded={open}
        onClick={() => {
          if (!open) props.onOpen?.();
          setOpen(!open);
        }}
      >
        {props.label} <span className="caret">▾</span>
      </button>
      {open && (
        <div className={`menu-popover ${props.align ?? 'left'}`} role="menu">
          {props.children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

/** A menu entry: a title and a detail line; choosing it runs `onChoose`, then closes the menu. */
export function MenuItem(props: {
  testId: string;
  title: ReactNode;
  detail?: ReactNode;
  onChoose: () => void;
  close: () => void;
}) {
  return (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      data-testid={props.testId}
      onClick={() => {
        props.onChoose();
        props.close();
      }}
    >
      <strong>{props.title}</strong>
      {props.detail && <span>{props.detail}</span>}
    </button>
  );
}
