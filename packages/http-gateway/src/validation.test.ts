import { describe, expect, it } from 'vitest';
import { generatePlanSchema, listUserPlansSchema } from './schemas';
import { createValidatorCompiler, validationMessage } from './validation';

const compile = createValidatorCompiler();

function errorsOf(validate: ReturnType<typeof compile>, data: unknown) {
  expect(validate(data)).toBe(false);
  return validate.errors ?? [];
}

describe(validationMessage.name, () => {
  const body = compile({ schema: generatePlanSchema.body, httpPart: 'body' });
  const valid = {
    destination: 'Paris',
    budget: 2000,
    user_wallet: '0x1234567890123456789012345678901234567890',
  };

  it('names a missing field', () => {
    const { budget: _, ...rest } = valid;
    expect(validationMessage(errorsOf(body, rest), 'body')).toBe('budget: field required');
  });

  it("states a field's rule", () => {
    expect(validationMessage(errorsOf(body, { ...valid, user_wallet: '0xZZ' }), 'body')).toBe(
      'user_wallet: must be 0x followed by 40 hexadecimal digits',
    );
    expect(validationMessage(errorsOf(body, { ...valid, destination: '   ' }), 'body')).toMatch(
      /^destination: /,
    );
  });

  it('does not coerce JSON body types', () => {
    expect(validationMessage(errorsOf(body, { ...valid, budget: '2000' }), 'body')).toMatch(/^budget: /);
    expect(validationMessage(errorsOf(body, { ...valid, budget: 1.5 }), 'body')).toMatch(/^budget: /);
    expect(validationMessage(errorsOf(body, { ...valid, budget: true }), 'body')).toMatch(/^budget: /);
  });

  it('says so when the body is not an object', () => {
    expect(validationMessage(errorsOf(body, ['Paris']), 'body')).toBe('body: must be a JSON object');
    expect(validationMessage([], 'querystring')).toBe('invalid query parameter');
  });

  it('coerces query strings and leaves an absent limit absent (the whole list)', () => {
    const query = compile({ schema: listUserPlansSchema.querystring, httpPart: 'querystring' });
    const data: Record<string, unknown> = { limit: '5' };
    expect(query(data)).toBe(true);
    expect(data.limit).toBe(5);
    const empty: Record<string, unknown> = {};
    expect(query(empty)).toBe(true);
    expect(empty).toEqual({});
    expect(validationMessage(errorsOf(query, { limit: '500' }), 'querystring')).toBe(
      'limit: must be an integer from 1 to 100',
    );
  });
});
