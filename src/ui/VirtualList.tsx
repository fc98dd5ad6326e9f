import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/**
 * A list that renders only the rows in view (plus a few), so 100,000 rows cost what 20
 * do. Rows have one fixed height. The list is a scrollable, focusable region. (Preact 11
 * does not add "px" to numbers in styles: every length here is written with its unit.)
 */
export function VirtualList<T>(props: {
  items: readonly T[];
  rowHeight: number;
  height: number;
  label: string;
  id?: string;
  renderRow: (item: T, index: number) => ComponentChildren;
  onNearEnd?: () => void;
}) {
  const [top, setTop] = useState(0);
  const { items, rowHeight, height } = props;
  const first = Math.max(0, Math.floor(top / rowHeight) - 5);
  const last = Math.min(items.length, Math.ceil((top + height) / rowHeight) + 5);
  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <li
        key={i}
        role="listitem"
        style={{ position: 'absolute', top: `${i * rowHeight}px`, height: `${rowHeight}px`, left: 0, right: 0 }}
      >
        {props.renderRow(items[i] as T, i)}
      </li>,
    );
  }
  return (
    <div
      id={props.id}
      class="virtual-list"
      tabIndex={0}
      role="region"
      aria-label={props.label}
      style={{ height: `${height}px`, overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => {
        const el = e.currentTarget;
        setTop(el.scrollTop);
        if (props.onNearEnd && el.scrollTop + el.clientHeight > el.scrollHeight - rowHeight * 20) props.onNearEnd();
      }}
    >
      <ul role="list" style={{ height: `${items.length * rowHeight}px`, position: 'relative', margin: 0, padding: 0 }}>
        {rows}
      </ul>
    </div>
  );
}
