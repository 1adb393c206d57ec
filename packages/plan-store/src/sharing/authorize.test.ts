import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlanOwnershipError } from '../errors';
import { ALLOWED_RELATIONS, authorize, mayAct, type PlanAccess, type PlanAction } from './authorize';

const OWNER = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
const GRANTEE = '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359';
const PLAN_ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

const ownerOnly: PlanAccess = { planId: PLAN_ID, ownerWallet: OWNER };
const asViewer: PlanAccess = { ...ownerOnly, role: 'viewer' };
const asEditor: PlanAccess = { ...ownerOnly, role: 'editor' };

// The roles table, written out independently of ALLOWED_RELATIONS: owner, editor, viewer, stranger.
const EXPECTED: Record<PlanAction, [boolean, boolean, boolean, boolean]> = {
  read: [true, true, true, false],
  edit: [true, true, false, false],
  confirm: [true, false, false, false],
  cancel: [true, false, false, false],
  share: [true, false, false, false],
  unshare: [true, false, false, false],
  listShares: [true, false, false, false],
  readEvents: [true, false, false, false],
};

describe('authorize', () => {
  it.each(Object.entries(EXPECTED))('%s: owner, editor, viewer, stranger', (action, expected) => {
    const a = action as PlanAction;
    expect([
      mayAct(ownerOnly, OWNER, a),
      mayAct(asEditor, GRANTEE, a),
      mayAct(asViewer, GRANTEE, a),
      mayAct(ownerOnly, GRANTEE, a),
    ]).toEqual(expected);
  });

  it('covers every action in the table', () => {
    expect(Object.keys(ALLOWED_RELATIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('names who may when a grantee is refused, and keeps a stranger to "not yours"', () => {
    expect(() => authorize(asViewer, GRANTEE, 'edit')).toThrow(
      `only the owner or an editor may edit plan ${PLAN_ID}`,
    );
    expect(() => authorize(asEditor, GRANTEE, 'confirm')).toThrow(
      `only the owner may confirm plan ${PLAN_ID}`,
    );
    expect(() => authorize(ownerOnly, GRANTEE, 'read')).toThrow(PlanOwnershipError);
    expect(() => authorize(ownerOnly, GRANTEE, 'read')).toThrow('does not belong to the given wallet');
  });

  it('lets a trusted caller that acts for no wallet through', () => {
    expect(() => authorize(ownerOnly, undefined, 'confirm')).not.toThrow();
  });
});

describe('the README roles table', () => {
  it('is the table the code decides by', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.split('<!-- roles-table:start -->')[1]?.split('<!-- roles-table:end -->')[0] ?? '';
    const documented = Object.fromEntries(
      section
        .split('\n')
        .map((line) => line.split('|').map((cell) => cell.trim().replace(/`/g, '')))
        // | action | methods | owner | editor | viewer |  →  ['', action, methods, owner, editor, viewer, '']
        .filter((cells) => cells[1] !== undefined && cells[1] in ALLOWED_RELATIONS)
        .map((cells) => [
          cells[1],
          (['owner', 'editor', 'viewer'] as const).filter((_, i) => cells[i + 3] === 'yes'),
        ]),
    );
    expect(documented).toEqual({ ...ALLOWED_RELATIONS });
  });
});
