import { InvalidArgumentError } from 'commander';
import { wholeNumber } from './arguments.js';

describe('wholeNumber: a CLI option that takes a whole number in a range', () => {
  const batch = wholeNumber('--batch', 1, 1_000_000);

  it('takes the bounds and what lies between them', () => {
    expect([batch('1'), batch('50000'), batch('1000000')]).toEqual([1, 50_000, 1_000_000]);
  });

  it.each(['0', '1000001', '-3', '2.5', '1e3', '0x10', '', ' ', 'ten', '99999999999999999999'])(
    'refuses %j, naming the option and its range',
    (value) => {
      expect(() => batch(value)).toThrow(InvalidArgumentError);
      expect(() => batch(value)).toThrow('--batch must be a whole number from 1 to 1000000');
    },
  );
});
