import { parseTiming, type TimingKind, type TimingPart } from './timing-parser';

/** The 21 timing strings of the Hải Phòng appendix (rows III.6 – VI.2), verbatim. */
const HAI_PHONG: ReadonlyArray<[row: string, text: string, kind: TimingKind, parts: TimingPart[]]> = [
  ['III.6', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  [
    'III.7',
    'Năm 2026 và cập nhật hằng năm',
    'once',
    [
      { kind: 'once', year: 2026 },
      { kind: 'yearly', update: true, fromYear: 2027 },
    ],
  ],
  ['III.8', 'Năm 2026', 'once', [{ kind: 'once', year: 2026 }]],
  ['III.9', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['III.10', 'Thường xuyên', 'ongoing', [{ kind: 'ongoing' }]],
  ['III.11', 'Thường xuyên', 'ongoing', [{ kind: 'ongoing' }]],
  ['III.12', 'Tháng 5 (hằng năm)', 'yearly', [{ kind: 'yearly', month: 5 }]],
  ['IV.1', 'Theo lộ trình', 'roadmap', [{ kind: 'roadmap' }]],
  ['IV.2', 'Thường xuyên', 'ongoing', [{ kind: 'ongoing' }]],
  [
    'IV.3',
    'Năm 2026, năm 2027',
    'once',
    [
      { kind: 'once', year: 2026 },
      { kind: 'once', year: 2027 },
    ],
  ],
  ['IV.4', 'Thường xuyên', 'ongoing', [{ kind: 'ongoing' }]],
  ['IV.5', 'Từ năm 2026 đến năm 2028', 'window', [{ kind: 'window', from: { year: 2026 }, to: { year: 2028 } }]],
  ['V.1', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['V.2', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['V.3', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['V.4', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  [
    'V.5',
    'Theo kế hoạch và đột xuất',
    'unscheduled',
    [{ kind: 'unscheduled', reason: 'per-plan' }, { kind: 'ad-hoc' }],
  ],
  ['V.6', 'Hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['V.7', 'Thường xuyên', 'ongoing', [{ kind: 'ongoing' }]],
  [
    'VI.1',
    'Định kỳ, trước ngày 25/12 hằng năm',
    'yearly',
    [{ kind: 'yearly', deadline: { day: 25, month: 12, rule: 'before' } }],
  ],
  [
    'VI.2',
    'Trước ngày 31/01/2031',
    'once',
    [{ kind: 'once', year: 2031, deadline: { date: '2031-01-31', rule: 'before' } }],
  ],
];

/** Other words Vietnamese plans use, with the schedule each must give. */
const VOCABULARY: ReadonlyArray<[text: string, kind: TimingKind, parts: TimingPart[]]> = [
  // yearly, any spelling
  ['hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['Hàng năm', 'yearly', [{ kind: 'yearly' }]],
  ['HẰNG NĂM', 'yearly', [{ kind: 'yearly' }]],
  ['Hằng năm.', 'yearly', [{ kind: 'yearly' }]],
  ['  Hằng   năm  ', 'yearly', [{ kind: 'yearly' }]],
  ['Hàng năm..', 'yearly', [{ kind: 'yearly' }]],
  ['Hằng năm'.normalize('NFD'), 'yearly', [{ kind: 'yearly' }]],
  ['Hang nam', 'yearly', [{ kind: 'yearly' }]],
  ['Mỗi năm', 'yearly', [{ kind: 'yearly' }]],
  ['Định kỳ hằng năm', 'yearly', [{ kind: 'yearly' }]],
  ['Cập nhật hằng năm', 'yearly', [{ kind: 'yearly', update: true }]],
  ['Hằng năm, giai đoạn 2026-2030', 'yearly', [{ kind: 'yearly', fromYear: 2026, toYear: 2030 }]],
  ['Hằng năm (2026 - 2030)', 'yearly', [{ kind: 'yearly', fromYear: 2026, toYear: 2030 }]],
  ['Hằng năm từ năm 2027', 'yearly', [{ kind: 'yearly', fromYear: 2027 }]],
  // quarterly, half-yearly, monthly
  ['Hằng quý', 'quarterly', [{ kind: 'quarterly' }]],
  ['Hàng quý', 'quarterly', [{ kind: 'quarterly' }]],
  ['Quý', 'quarterly', [{ kind: 'quarterly' }]],
  ['Quí', 'quarterly', [{ kind: 'quarterly' }]],
  ['Định kỳ hằng quý', 'quarterly', [{ kind: 'quarterly' }]],
  ['Hằng quý, báo cáo về Sở Nội vụ', 'quarterly', [{ kind: 'quarterly' }]],
  ['Hằng quý, từ năm 2027', 'quarterly', [{ kind: 'quarterly', fromYear: 2027 }]],
  ['Hằng tháng', 'monthly', [{ kind: 'monthly' }]],
  ['Hàng tháng', 'monthly', [{ kind: 'monthly' }]],
  ['Trước ngày 20 hằng tháng', 'monthly', [{ kind: 'monthly', deadline: { day: 20, rule: 'before' } }]],
  ['6 tháng', 'half-yearly', [{ kind: 'half-yearly' }]],
  ['Hằng 6 tháng', 'half-yearly', [{ kind: 'half-yearly' }]],
  ['Định kỳ 6 tháng', 'half-yearly', [{ kind: 'half-yearly' }]],
  ['6 tháng một lần', 'half-yearly', [{ kind: 'half-yearly' }]],
  ['6 tháng đầu năm', 'half-yearly', [{ kind: 'half-yearly', half: 1 }]],
  ['6 tháng cuối năm', 'half-yearly', [{ kind: 'half-yearly', half: 2 }]],
  // one month or quarter of every year
  ['Tháng 5', 'yearly', [{ kind: 'yearly', month: 5 }]],
  ['Tháng 12 hằng năm', 'yearly', [{ kind: 'yearly', month: 12 }]],
  ['Tháng 5, hằng năm', 'yearly', [{ kind: 'yearly', month: 5 }]],
  ['Hằng năm vào tháng 5', 'yearly', [{ kind: 'yearly', month: 5 }]],
  ['Quý I hằng năm', 'yearly', [{ kind: 'yearly', quarter: 1 }]],
  ['Quý I', 'yearly', [{ kind: 'yearly', quarter: 1 }]],
  // one-offs
  ['Năm 2027', 'once', [{ kind: 'once', year: 2027 }]],
  ['Trong năm 2026', 'once', [{ kind: 'once', year: 2026 }]],
  ['Hoàn thành trong năm 2026', 'once', [{ kind: 'once', year: 2026 }]],
  ['2026', 'once', [{ kind: 'once', year: 2026 }]],
  ['Quý IV/2025', 'once', [{ kind: 'once', year: 2025, quarter: 4 }]],
  ['Quý IV-2025', 'once', [{ kind: 'once', year: 2025, quarter: 4 }]],
  ['Quý IV năm 2025', 'once', [{ kind: 'once', year: 2025, quarter: 4 }]],
  ['Quí 4/2025', 'once', [{ kind: 'once', year: 2025, quarter: 4 }]],
  ['Qúy II/2026', 'once', [{ kind: 'once', year: 2026, quarter: 2 }]],
  ['Quý III/2026', 'once', [{ kind: 'once', year: 2026, quarter: 3 }]],
  ['Quý I/2026', 'once', [{ kind: 'once', year: 2026, quarter: 1 }]],
  ['Tháng 6/2026', 'once', [{ kind: 'once', year: 2026, month: 6 }]],
  ['Tháng 6 năm 2026', 'once', [{ kind: 'once', year: 2026, month: 6 }]],
  ['Tháng 06/2026', 'once', [{ kind: 'once', year: 2026, month: 6 }]],
  ['6 tháng đầu năm 2026', 'once', [{ kind: 'once', year: 2026, half: 1 }]],
  ['6 tháng cuối năm 2027', 'once', [{ kind: 'once', year: 2027, half: 2 }]],
  [
    'Năm 2026 và năm 2027',
    'once',
    [
      { kind: 'once', year: 2026 },
      { kind: 'once', year: 2027 },
    ],
  ],
  [
    'Năm 2026; 2027',
    'once',
    [
      { kind: 'once', year: 2026 },
      { kind: 'once', year: 2027 },
    ],
  ],
  [
    'NĂM 2026 VÀ CẬP NHẬT HẰNG NĂM',
    'once',
    [
      { kind: 'once', year: 2026 },
      { kind: 'yearly', update: true, fromYear: 2027 },
    ],
  ],
  // deadlines
  ['Trước ngày 30/6/2026', 'once', [{ kind: 'once', year: 2026, deadline: { date: '2026-06-30', rule: 'before' } }]],
  ['Trước 30/6/2026', 'once', [{ kind: 'once', year: 2026, deadline: { date: '2026-06-30', rule: 'before' } }]],
  ['Chậm nhất ngày 31/3/2027', 'once', [{ kind: 'once', year: 2027, deadline: { date: '2027-03-31', rule: 'by' } }]],
  [
    'Ngày 30 tháng 6 năm 2026',
    'once',
    [{ kind: 'once', year: 2026, deadline: { date: '2026-06-30', rule: 'by' } }],
  ],
  [
    'Hoàn thành trước ngày 31/12/2026',
    'once',
    [{ kind: 'once', year: 2026, deadline: { date: '2026-12-31', rule: 'before' } }],
  ],
  [
    'Năm 2026, trước ngày 30/6',
    'once',
    [{ kind: 'once', year: 2026, deadline: { date: '2026-06-30', rule: 'before' } }],
  ],
  ['Trước ngày 15/12 hằng năm', 'yearly', [{ kind: 'yearly', deadline: { day: 15, month: 12, rule: 'before' } }]],
  ['Hằng năm, trước ngày 15/12', 'yearly', [{ kind: 'yearly', deadline: { day: 15, month: 12, rule: 'before' } }]],
  ['Hằng năm (trước ngày 15/12)', 'yearly', [{ kind: 'yearly', deadline: { day: 15, month: 12, rule: 'before' } }]],
  ['Chậm nhất ngày 15/12 hằng năm', 'yearly', [{ kind: 'yearly', deadline: { day: 15, month: 12, rule: 'by' } }]],
  ['Hằng năm trước ngày 15/12', 'yearly', [{ kind: 'yearly', deadline: { day: 15, month: 12, rule: 'before' } }]],
  ['Hằng năm, hạn trước ngày 15/12', 'yearly', [{ kind: 'yearly', deadline: { day: 15, month: 12, rule: 'before' } }]],
  ['Hạn: ngày 25/12 hằng năm', 'yearly', [{ kind: 'yearly', deadline: { day: 25, month: 12, rule: 'by' } }]],
  [
    'Tháng 5 hằng năm trước ngày 31/5',
    'yearly',
    [{ kind: 'yearly', month: 5, deadline: { day: 31, month: 5, rule: 'before' } }],
  ],
  ['Trước ngày 29/2 hằng năm', 'yearly', [{ kind: 'yearly', deadline: { day: 29, month: 2, rule: 'before' } }]],
  // windows
  ['Năm 2025 - 2026', 'window', [{ kind: 'window', from: { year: 2025 }, to: { year: 2026 } }]],
  ['Năm 2025-2026', 'window', [{ kind: 'window', from: { year: 2025 }, to: { year: 2026 } }]],
  ['2025-2030', 'window', [{ kind: 'window', from: { year: 2025 }, to: { year: 2030 } }]],
  ['2025–2030', 'window', [{ kind: 'window', from: { year: 2025 }, to: { year: 2030 } }]],
  ['2025 — 2030', 'window', [{ kind: 'window', from: { year: 2025 }, to: { year: 2030 } }]],
  ['Giai đoạn 2026–2030', 'window', [{ kind: 'window', from: { year: 2026 }, to: { year: 2030 } }]],
  ['Giai đoạn 2026 - 2030', 'window', [{ kind: 'window', from: { year: 2026 }, to: { year: 2030 } }]],
  ['Trong giai đoạn 2026-2030', 'window', [{ kind: 'window', from: { year: 2026 }, to: { year: 2030 } }]],
  ['Từ năm 2026 đến 2028', 'window', [{ kind: 'window', from: { year: 2026 }, to: { year: 2028 } }]],
  [
    'Quý IV/2025 - Quý II/2026',
    'window',
    [{ kind: 'window', from: { year: 2025, quarter: 4 }, to: { year: 2026, quarter: 2 } }],
  ],
  [
    'Quý IV-2025 - Quý II-2026',
    'window',
    [{ kind: 'window', from: { year: 2025, quarter: 4 }, to: { year: 2026, quarter: 2 } }],
  ],
  [
    'Từ quý IV/2025 đến quý II/2026',
    'window',
    [{ kind: 'window', from: { year: 2025, quarter: 4 }, to: { year: 2026, quarter: 2 } }],
  ],
  [
    'Quý III - Quý IV/2026',
    'window',
    [{ kind: 'window', from: { year: 2026, quarter: 3 }, to: { year: 2026, quarter: 4 } }],
  ],
  [
    'Quý IV - Quý I/2026',
    'window',
    [{ kind: 'window', from: { year: 2025, quarter: 4 }, to: { year: 2026, quarter: 1 } }],
  ],
  [
    'Tháng 6/2025 - tháng 12/2026',
    'window',
    [{ kind: 'window', from: { year: 2025, month: 6 }, to: { year: 2026, month: 12 } }],
  ],
  [
    'Từ tháng 6 đến tháng 12/2026',
    'window',
    [{ kind: 'window', from: { year: 2026, month: 6 }, to: { year: 2026, month: 12 } }],
  ],
  [
    'Tháng 10/2025 - tháng 3',
    'window',
    [{ kind: 'window', from: { year: 2025, month: 10 }, to: { year: 2026, month: 3 } }],
  ],
  // ongoing work
  ['Thường xuyên.', 'ongoing', [{ kind: 'ongoing' }]],
  ['Thuong xuyen', 'ongoing', [{ kind: 'ongoing' }]],
  ['Thường xuyên, liên tục', 'ongoing', [{ kind: 'ongoing' }]],
  ['Thường xuyên, hằng năm', 'ongoing', [{ kind: 'ongoing', report: { kind: 'yearly' } }]],
  ['Thường xuyên hằng năm', 'ongoing', [{ kind: 'ongoing', report: { kind: 'yearly' } }]],
  [
    'Thường xuyên, định kỳ hằng quý báo cáo về Sở Nội vụ',
    'ongoing',
    [{ kind: 'ongoing', report: { kind: 'quarterly' } }],
  ],
  ['Thường xuyên; 6 tháng', 'ongoing', [{ kind: 'ongoing', report: { kind: 'half-yearly' } }]],
  [
    'Thường xuyên, hằng năm trước ngày 15/12',
    'ongoing',
    [{ kind: 'ongoing', report: { kind: 'yearly', deadline: { day: 15, month: 12, rule: 'before' } } }],
  ],
  ['Thường xuyên, giai đoạn 2026-2030', 'ongoing', [{ kind: 'ongoing', fromYear: 2026, toYear: 2030 }]],
  ['Từ năm 2026', 'ongoing', [{ kind: 'ongoing', fromYear: 2026 }]],
  ['Đến năm 2030', 'ongoing', [{ kind: 'ongoing', toYear: 2030 }]],
  ['Định kỳ', 'ongoing', [{ kind: 'ongoing' }]],
  // open forms
  ['Theo lộ trình của Chính phủ', 'roadmap', [{ kind: 'roadmap' }]],
  ['Theo kế hoạch', 'unscheduled', [{ kind: 'unscheduled', reason: 'per-plan' }]],
  ['Theo kế hoạch riêng', 'unscheduled', [{ kind: 'unscheduled', reason: 'per-own-plan' }]],
  ['Theo kế hoạch được phê duyệt', 'unscheduled', [{ kind: 'unscheduled', reason: 'per-plan' }]],
  [
    'Sau khi Đề án được phê duyệt',
    'unscheduled',
    [{ kind: 'unscheduled', reason: 'after-event', condition: 'Đề án được phê duyệt' }],
  ],
  [
    'Sau khi có hướng dẫn của Bộ Nội vụ, Bộ Tài chính',
    'unscheduled',
    [{ kind: 'unscheduled', reason: 'after-event', condition: 'có hướng dẫn của Bộ Nội vụ, Bộ Tài chính' }],
  ],
  ['Đột xuất', 'ad-hoc', [{ kind: 'ad-hoc' }]],
  ['Khi có phát sinh', 'ad-hoc', [{ kind: 'ad-hoc' }]],
  ['Theo yêu cầu của Sở Nội vụ', 'ad-hoc', [{ kind: 'ad-hoc' }]],
  // combinations with ad-hoc
  [
    'Theo kế hoạch của UBND thành phố và đột xuất',
    'unscheduled',
    [{ kind: 'unscheduled', reason: 'per-plan' }, { kind: 'ad-hoc' }],
  ],
  ['Hằng năm và đột xuất', 'yearly', [{ kind: 'yearly' }, { kind: 'ad-hoc' }]],
  ['Đột xuất và hằng quý', 'quarterly', [{ kind: 'ad-hoc' }, { kind: 'quarterly' }]],
  // unreadable: never an exception
  ['', 'unscheduled', [{ kind: 'unscheduled', reason: 'empty' }]],
  ['   ', 'unscheduled', [{ kind: 'unscheduled', reason: 'empty' }]],
  ['Không rõ', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
  ['Hằng tuần', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
  ['Trước ngày 15/12', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
  ['Trước ngày 31/02/2026', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
  ['Tháng 13', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
  ['2030-2025', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
  ['Năm 1800', 'unscheduled', [{ kind: 'unscheduled', reason: 'unreadable' }]],
];

describe('parseTiming', () => {
  describe('the Hải Phòng appendix', () => {
    it.each(HAI_PHONG)('row %s: %j → %s', (_row, text, kind, parts) => {
      const parsed = parseTiming(text);
      expect(parsed.kind).toBe(kind);
      expect(parsed.parts).toEqual(parts);
      expect(parsed.text).toBe(text);
    });

    it('has 21 rows', () => {
      expect(HAI_PHONG).toHaveLength(21);
    });
  });

  describe('vocabulary', () => {
    it.each(VOCABULARY)('%j → %s', (text, kind, parts) => {
      const parsed = parseTiming(text);
      expect(parsed.kind).toBe(kind);
      expect(parsed.parts).toEqual(parts);
      expect(parsed.text).toBe(text);
    });
  });

  describe('explanation', () => {
    it.each([
      ['Hằng năm', 'Hằng năm'],
      ['Định kỳ, trước ngày 25/12 hằng năm', 'Hằng năm, hạn trước ngày 25/12'],
      ['Chậm nhất ngày 5/1 hằng năm', 'Hằng năm, hạn chậm nhất ngày 05/01'],
      ['Năm 2026', 'Một lần trong năm 2026'],
      ['Hằng quý', 'Hằng quý'],
      ['Hằng tháng', 'Hằng tháng'],
      ['6 tháng', '6 tháng một lần'],
      ['6 tháng đầu năm', 'Hằng năm, 6 tháng đầu năm'],
      ['Tháng 5 (hằng năm)', 'Hằng năm, trong tháng 5'],
      ['Quý IV/2025', 'Một lần trong quý IV/2025'],
      ['Tháng 6/2026', 'Một lần trong tháng 6/2026'],
      ['Trước ngày 31/01/2031', 'Một lần, hạn trước ngày 31/01/2031'],
      ['Trước ngày 30/6/2026', 'Một lần, hạn trước ngày 30/06/2026'],
      ['Năm 2026 và cập nhật hằng năm', 'Một lần trong năm 2026; cập nhật hằng năm, từ năm 2027'],
      ['Năm 2026, năm 2027', 'Một lần trong năm 2026; một lần trong năm 2027'],
      ['Từ năm 2026 đến năm 2028', 'Một sản phẩm, thực hiện từ năm 2026 đến năm 2028'],
      ['Quý IV/2025 - Quý II/2026', 'Một sản phẩm, thực hiện từ quý IV/2025 đến quý II/2026'],
      ['Thường xuyên', 'Thường xuyên, báo cáo định kỳ theo chu kỳ chung của kế hoạch'],
      ['Thường xuyên, định kỳ hằng quý báo cáo về Sở Nội vụ', 'Thường xuyên, báo cáo hằng quý'],
      ['Hằng năm, giai đoạn 2026-2030', 'Hằng năm, từ năm 2026 đến năm 2030'],
      ['Theo lộ trình', 'Theo lộ trình, các mốc nhập sau'],
      ['Theo kế hoạch và đột xuất', 'Theo kế hoạch, chưa có lịch cụ thể; đột xuất, khi có yêu cầu'],
      ['Sau khi Đề án được phê duyệt', 'Sau khi Đề án được phê duyệt, chưa có lịch cụ thể'],
      ['Trước ngày 20 hằng tháng', 'Hằng tháng, hạn trước ngày 20'],
      ['xyz', 'Chưa có lịch thực hiện'],
    ])('%j → %j', (text, explanation) => {
      expect(parseTiming(text).explanation).toBe(explanation);
    });
  });

  describe('warnings', () => {
    it.each([
      ['xyz', ['Không đọc được thời gian "xyz": cần nhập lịch thực hiện.']],
      ['', ['Chưa ghi thời gian thực hiện: cần nhập lịch thực hiện.']],
      ['Theo kế hoạch', ['"Theo kế hoạch" chưa có lịch cụ thể: cần nhập lịch thực hiện.']],
      ['Theo kế hoạch riêng', ['"Theo kế hoạch riêng" chưa có lịch cụ thể: cần nhập lịch thực hiện.']],
      ['Theo kế hoạch và đột xuất', ['"Theo kế hoạch" chưa có lịch cụ thể: cần nhập lịch thực hiện.']],
      [
        'Sau khi Đề án được phê duyệt',
        ['"Sau khi Đề án được phê duyệt" chưa có lịch cụ thể: cần nhập lịch thực hiện.'],
      ],
      ['Theo lộ trình', ['"Theo lộ trình": cần nhập các mốc của lộ trình.']],
      ['Trước ngày 15/12', ['"Trước ngày 15/12" không ghi năm: cần nhập lịch thực hiện.']],
      ['Trước ngày 31/02/2026', ['"Trước ngày 31/02/2026" có ngày không tồn tại: cần nhập lịch thực hiện.']],
      ['Tháng 13', ['"Tháng 13" có tháng không hợp lệ: cần nhập lịch thực hiện.']],
      ['2030-2025', ['"2030-2025" có thời điểm bắt đầu sau thời điểm kết thúc: cần nhập lịch thực hiện.']],
      ['Định kỳ', ['"Định kỳ" không ghi chu kỳ: áp dụng chu kỳ báo cáo chung của kế hoạch.']],
      [
        'Hằng năm, theo hướng dẫn của Bộ',
        [
          'Không đọc được phần "theo hướng dẫn của Bộ" của thời gian "Hằng năm, theo hướng dẫn của Bộ": cần kiểm tra lịch thực hiện.',
        ],
      ],
      ['Hằng năm', []],
      ['Thường xuyên', []],
      ['Năm 2026 và cập nhật hằng năm', []],
      ['Định kỳ, trước ngày 25/12 hằng năm', []],
    ])('%j', (text, warnings) => {
      expect(parseTiming(text).warnings).toEqual(warnings);
    });
  });

  describe('ad-hoc flag', () => {
    it.each([
      ['Theo kế hoạch và đột xuất', true],
      ['Đột xuất', true],
      ['Khi có phát sinh', true],
      ['Hằng năm và đột xuất', true],
      ['Theo kế hoạch', false],
      ['Hằng năm', false],
    ])('%j → adHoc %s', (text, adHoc) => {
      expect(parseTiming(text).adHoc).toBe(adHoc);
    });
  });

  it('a partly unreadable combination keeps what it could read', () => {
    const parsed = parseTiming('Hằng năm, theo hướng dẫn của Bộ');
    expect(parsed.kind).toBe('yearly');
    expect(parsed.parts).toEqual([{ kind: 'yearly' }]);
  });

  it.each([undefined, null, 42, {}])('never throws, even for %j at run time', (value) => {
    const parsed = parseTiming(value as unknown as string);
    expect(parsed.kind).toBe('unscheduled');
    expect(parsed.warnings).toHaveLength(1);
  });

  it('keeps the original words untouched', () => {
    const text = '  Định kỳ,  trước ngày 25/12 hằng năm. ';
    const parsed = parseTiming(text);
    expect(parsed.text).toBe(text);
    expect(parsed.kind).toBe('yearly');
  });

  it('reads every table row into at least one part', () => {
    for (const [text] of VOCABULARY) expect(parseTiming(text).parts.length).toBeGreaterThan(0);
    expect(VOCABULARY.length + HAI_PHONG.length).toBeGreaterThanOrEqual(70);
  });
});
