import { describe, expect, it } from 'vitest';
import { KPI_COLUMNS } from '../../../../contracts/reports';
import { CONTACT_FIGURES } from './api';
import { DRILL_DOWN, formatFigure, kindOf, selfServiceRate } from './figures';

describe('report figures', () => {
  it('formats each column by its kind', () => {
    expect(formatFigure('serviceLevel', 0.8, 'zh-CN')).toBe('80.0%');
    expect(formatFigure('ahtSeconds', 204.1, 'zh-CN')).toBe('3:24');
    expect(formatFigure('offered', 1234, 'en-US')).toBe('1,234');
    expect(formatFigure('csatMean', 4.567, 'en-US')).toBe('4.57');
    expect(formatFigure('nps', 33.333, 'en-US')).toBe('33.3');
    expect(kindOf('transfers')).toBe('count');
  });

  it('drills every column down to contacts the server can list', () => {
    for (const c of KPI_COLUMNS) {
      expect(DRILL_DOWN[c].length, c).toBeGreaterThan(0);
      for (const f of DRILL_DOWN[c]) expect(CONTACT_FIGURES).toContain(f);
    }
  });

  it('rates self-service over every caller who went through the flow', () => {
    expect(selfServiceRate({ selfService: 30, offered: 60, shortAbandoned: 10 })).toBe(0.3);
    // Short abandons went through the flow too: leaving them out would overstate the rate.
    expect(selfServiceRate({ selfService: 25, offered: 75, shortAbandoned: 0 })).toBe(0.25);
    expect(selfServiceRate({ selfService: 0, offered: 0, shortAbandoned: 0 })).toBeNull();
    expect(selfServiceRate({ selfService: null, offered: 5, shortAbandoned: 0 })).toBeNull();
  });
});
