import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A list that renders only the rows in view (plus a few), so 100,000 rows cost what 20
 * do. Rows have one fixed height. The list is a scrollable, focusable region. (Preact 11
 * does not add "px" to numbers in styles: every length here is written with its unit.)
 *
 * Its rows are either `items`, or `count` rows of which `itemAt` gives those it has: a row
 * it does not have yet is left empty, and `onRange` says which rows are in view whenever
 * that changes, so the owner can read just those.
 */
export function VirtualList<T>(props: {
  items?: readonly T[];
  count?: number;
  itemAt?: (index: number) => T | undefined;
  onRange?: (first: number, last: number) => void;
  rowHeight: number;
  height: number;
  label: string;
  id?: string;
  renderRow: (item: T, index: number) => ComponentChildren;
  onNearEnd?: () => void;
}) {
  const [top, setTop] = useState(0);
  const { rowHeight, height } = props;
  const count = props.count ?? props.items?.length ?? 0;
  const itemAt = props.itemAt ?? ((i: number) => props.items?.[i]);
  const first = Math.max(0, Math.min(count, Math.floor(top / rowHeight) - 5));
  const last = Math.min(count, Math.ceil((top + height) / rowHeight) + 5);
  useEffect(() => props.onRange?.(first, last), [first, last, props.onRange]);
  const rows = [];
  for (let i = first; i < last; i++) {
    const item = itemAt(i);
    rows.push(
      <li
        key={i}
        role="listitem"
        aria-busy={item === undefined ? 'true' : undefined}
        style={{ position: 'absolute', top: `${i * rowHeight}px`, height: `${rowHeight}px`, left: 0, right: 0 }}
      >
        {item !== undefined && props.renderRow(item, i)}
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
      <ul role="list" style={{ height: `${count * rowHeight}px`, position: 'relative', margin: 0, padding: 0 }}>
        {rows}
      </ul>
    </div>
  );
}
