import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RadarChart, type RadarAxis } from './RadarChart.tsx';
import { dict } from '../../app/i18n.ts';

const t = dict('en');

function render(axes: RadarAxis[]): string {
  return renderToStaticMarkup(createElement(RadarChart, { axes, title: 'test radar', t }));
}

describe('RadarChart', () => {
  it('draws 5 rings, one axis per dimension, the current and the dashed target polygon', () => {
    const html = render([
      { id: 'a', label: 'A', score: 100, target: 80 },
      { id: 'b', label: 'B', score: 50, target: 80 },
      { id: 'c', label: 'C', score: 50, target: 80 },
      { id: 'd', label: 'D', score: 50, target: 80 },
    ]);
    expect(html.match(/class="ix-ring"/g)?.length).toBe(5);
    expect(html.match(/class="ix-axis"/g)?.length).toBe(4);
    // Centre (150,150), radius 96: axis 0 points up, so score 100 → (150, 54); axis 1 (right) score 50 → (198, 150).
    expect(html).toContain(
      'class="ix-current" data-testid="ix-radar-current" points="150.0,54.0 198.0,150.0 150.0,198.0 102.0,150.0"',
    );
    expect(html).toContain('data-testid="ix-radar-target"');
    expect(html).toContain('B: score 50, target 80');
  });

  it('a dimension without a score draws no polygon and says "no data" (never a zero vertex)', () => {
    const html = render([
      { id: 'a', label: 'A', score: 60, target: null },
      { id: 'b', label: 'B', score: null, target: null },
      { id: 'c', label: 'C', score: 40, target: null },
    ]);
    expect(html).not.toContain('ix-radar-current');
    expect(html).not.toContain('ix-radar-target');
    expect(html).toContain('B: score no data, target no target set');
  });
});
