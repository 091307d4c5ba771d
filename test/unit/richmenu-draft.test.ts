import { describe, expect, it } from 'vitest';
import type { TRichMenuPublication, TRichMenuVersionSummary } from '../../shared/api/richmenus.ts';
import { MAX_CUSTOM_COLUMNS, MAX_CUSTOM_ROWS } from '../../shared/richmenus/layouts.ts';
import { boundsOf, currentPublication, defaultArea, dragRect, MAX_AREAS, newMenu, PUBLISH_STEPS, stepStates, versionState, withLayout } from '../../liff-app/src/console/richmenus/draft.ts';

// The designer's pure draft logic (liff-app/src/console/richmenus/draft.ts): layout changes,
// drawn rectangles, the area limit, publishing step states and a version's status in the list.

const noImages = new Map<number, { width: number; height: number }>();

describe('withLayout', () => {
  it('keeps the areas it had, in order, and gives each new cell a default', () => {
    const menu = newMenu('main', '會員', '會員選單');
    const edited = { ...menu, areas: menu.areas.map((a, i) => ({ ...a, label: `格 ${i}`, action: { type: 'message' as const, text: `t${i}` } })) };
    const eight = withLayout(edited, { kind: 'custom', rows: 2, columns: 4 });
    expect(eight.areas).toHaveLength(8);
    expect(eight.areas.slice(0, 6).map((a) => a.label)).toEqual(['格 0', '格 1', '格 2', '格 3', '格 4', '格 5']);
    expect(eight.areas[5]!.action).toEqual({ type: 'message', text: 't5' });
    expect(eight.areas[6]).toEqual({ ...defaultArea(6), bounds: null });
    const two = withLayout(eight, { kind: 'template', template: 'cols_2' });
    expect(two.areas.map((a) => a.label)).toEqual(['格 0', '格 1']);
  });

  it('a template the size does not offer becomes that size’s first; boundsOf tiles the canvas', () => {
    const compact = withLayout(newMenu('main', 'm', 'm'), { kind: 'template', template: 'grid_3x2' }, 'compact');
    expect(compact.layout).toEqual({ kind: 'template', template: 'cols_3' });
    const bounds = boundsOf(compact, noImages);
    expect(bounds).toHaveLength(3);
    expect(bounds.reduce((sum, b) => sum + b.width * b.height, 0)).toBe(2500 * 843);
    for (const b of bounds) expect(Number.isInteger(b.x) && Number.isInteger(b.width)).toBe(true);
  });

  it('moving to or from an uploaded image drops grid areas rather than misplacing them', () => {
    const toImage = withLayout(newMenu('main', 'm', 'm'), { kind: 'image', imageId: 7 });
    expect(toImage.areas).toEqual([]);
    const drawn = { ...toImage, areas: [{ ...defaultArea(0), bounds: { x: 0, y: 0, width: 10, height: 10 } }] };
    expect(withLayout(drawn, { kind: 'image', imageId: 8 }).areas).toEqual(drawn.areas);
    expect(withLayout(drawn, { kind: 'template', template: 'single' }).areas).toEqual([{ ...defaultArea(0), bounds: null }]);
  });

  it('never makes more than LINE’s 20 areas', () => {
    expect(MAX_AREAS).toBe(20);
    expect(withLayout(newMenu('main', 'm', 'm'), { kind: 'custom', rows: MAX_CUSTOM_ROWS, columns: MAX_CUSTOM_COLUMNS }).areas).toHaveLength(20);
    expect(withLayout(newMenu('main', 'm', 'm'), { kind: 'custom', rows: MAX_CUSTOM_ROWS + 1, columns: MAX_CUSTOM_COLUMNS }).areas).toHaveLength(0);
  });
});

describe('dragRect', () => {
  const canvas = { width: 2500, height: 1686 };
  it('snaps to whole pixels whichever way it is dragged', () => {
    expect(dragRect({ x: 100.4, y: 200.6 }, { x: 50.5, y: 10.2 }, canvas)).toEqual({ x: 51, y: 10, width: 49, height: 191 });
  });
  it('stays inside the image', () => {
    const r = dragRect({ x: -40, y: -3 }, { x: 2600.7, y: 1700 }, canvas);
    expect(r).toEqual({ x: 0, y: 0, width: 2500, height: 1686 });
    const edge = dragRect({ x: 2490, y: 1680 }, { x: 9999, y: 9999 }, canvas);
    expect(edge.x + edge.width).toBe(2500);
    expect(edge.y + edge.height).toBe(1686);
  });
});

function pub(p: Partial<TRichMenuPublication>): TRichMenuPublication {
  return { id: 1, versionId: 1, kind: 'publish', status: 'running', step: null, failedStep: null, error: null, linkTotal: null, linkDone: 0, startedAt: '2026-12-01T00:00:00.000Z', finishedAt: null, ...p };
}

describe('stepStates', () => {
  it('nothing to show before a publication', () => {
    expect(Object.values(stepStates(null))).toEqual(PUBLISH_STEPS.map(() => 'pending'));
  });
  it('moves along while running: done before the step under way, running at it, pending after', () => {
    expect(stepStates(pub({ step: null }))).toMatchObject({ create: 'running', upload: 'pending' });
    expect(stepStates(pub({ step: 'link' }))).toEqual({ create: 'done', upload: 'done', alias: 'done', link: 'running', default: 'pending', delete: 'pending' });
  });
  it('live: the old menus’ delete may still run, or have failed (kept for later)', () => {
    expect(stepStates(pub({ status: 'succeeded', step: 'default' }))).toMatchObject({ default: 'done', delete: 'running' });
    expect(Object.values(stepStates(pub({ status: 'succeeded', step: 'delete', finishedAt: '2026-12-01T00:01:00.000Z' })))).toEqual(PUBLISH_STEPS.map(() => 'done'));
    expect(stepStates(pub({ status: 'succeeded', step: 'default', failedStep: 'delete', finishedAt: '2026-12-01T00:01:00.000Z' }))).toMatchObject({ default: 'done', delete: 'failed' });
  });
  it('failed: the steps before ran, the failed one says so, the rest did not run', () => {
    expect(stepStates(pub({ status: 'failed', step: 'alias', failedStep: 'link', finishedAt: 'x' }))).toEqual({ create: 'done', upload: 'done', alias: 'done', link: 'failed', default: 'skipped', delete: 'skipped' });
  });
});

describe('the publication the designer follows', () => {
  it('prefers the one under way for the version, then the fresh copy of the one it saw', () => {
    const seen = pub({ id: 3, versionId: 9, step: 'create' });
    const moved = pub({ id: 3, versionId: 9, step: 'link', linkDone: 500, linkTotal: 2000 });
    expect(currentPublication(9, { publications: [moved] }, seen)).toBe(moved);
    expect(currentPublication(9, { publications: [] }, null)).toBeNull();
    const other = pub({ id: 4, versionId: 8 });
    expect(currentPublication(9, { publications: [other] }, null)).toBeNull();
    const done = pub({ id: 3, versionId: 9, status: 'failed', failedStep: 'alias', finishedAt: 'x' });
    expect(currentPublication(9, { publications: [done] }, seen)).toBe(done);
  });
});

describe('versionState', () => {
  const version = (status: TRichMenuVersionSummary['status'], id = 1): TRichMenuVersionSummary => ({ id, name: 'v', status, menuCount: 1, createdAt: '', updatedAt: '', lastPublishedAt: null });
  it('running beats live; live beats scheduled; a failed latest publication names its step', () => {
    expect(versionState(version('live'), { schedules: [], publications: [pub({ status: 'running' })] })).toEqual({ kind: 'running' });
    expect(versionState(version('live'), { schedules: [{ id: 1, versionId: 1, versionName: 'v', startsAt: '', endsAt: '', status: 'pending', previousVersionId: null, error: null }], publications: [] })).toEqual({ kind: 'live' });
    expect(versionState(version('draft'), { schedules: [{ id: 1, versionId: 1, versionName: 'v', startsAt: '', endsAt: '', status: 'active', previousVersionId: null, error: null }], publications: [] })).toEqual({ kind: 'scheduled' });
    expect(versionState(version('draft'), { schedules: [], publications: [pub({ id: 1, status: 'failed', failedStep: 'upload' }), pub({ id: 2, status: 'failed', failedStep: 'alias' })] })).toEqual({ kind: 'failed', step: 'alias' });
    expect(versionState(version('published'), { schedules: [], publications: [pub({ status: 'succeeded', versionId: 2 })] })).toEqual({ kind: 'published' });
  });
});
