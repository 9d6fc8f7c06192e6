import type { ReactNode } from 'react';

export interface Highlight {
  text: string;
  className: string;
  title?: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Wraps each occurrence of the given phrases (longest first, case-insensitive) in a <mark>. */
export function highlight(text: string, marks: readonly Highlight[]): ReactNode[] {
  const usable = marks.filter((m) => m.text.trim().length > 1).sort((a, b) => b.text.length - a.text.length);
  if (usable.length === 0) return [text];
  const re = new RegExp(`(${usable.map((m) => escape(m.text.trim())).join('|')})`, 'gi');
  return text.split(re).map((part, i) => {
    if (i % 2 === 0) return part;
    const m = usable.find((u) => u.text.trim().toLowerCase() === part.toLowerCase());
    return (
      <mark key={i} className={m?.className} title={m?.title}>
        {part}
      </mark>
    );
  });
}
