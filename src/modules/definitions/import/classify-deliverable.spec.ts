import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { classifyDeliverable, metricCode, type DeliverableKind } from './classify-deliverable';

const HP_APPENDIX = path.join(__dirname, '../../../../workflows/hp-bhxh-2030/appendix.yaml');

type Metric = [name: string, unit: string];

describe('classifyDeliverable: the 21 Hải Phòng deliverables', () => {
  it.each<[string, string, DeliverableKind, Metric[]]>([
    ['III.6', 'Kế hoạch', 'plan', []],
    ['III.7', 'Bộ tài liệu', 'document', []],
    ['III.8', 'Chuyên mục', 'link', []],
    ['III.9', 'Báo cáo đánh giá', 'report', []],
    ['III.10', 'Báo cáo kết quả; số người tham gia', 'report', [['Số người tham gia', 'người']]],
    ['III.11', 'Số hoạt động tuyên truyền', 'metric', [['Số hoạt động tuyên truyền', 'hoạt động']]],
    ['III.12', 'Kế hoạch, báo cáo thực hiện hằng năm', 'plan', []],
    ['IV.1', 'Hệ thống/phần mềm vận hành', 'system', []],
    ['IV.2', 'Tài liệu hướng dẫn', 'document', []],
    ['IV.3', 'Hệ thống kết nối', 'system', []],
    [
      'IV.4',
      'Tỷ lệ hồ sơ giao dịch điện tử; số lượng đơn vị, cá nhân thực hiện',
      'metric',
      [['Tỷ lệ hồ sơ giao dịch điện tử', '%'], ['Số lượng đơn vị, cá nhân thực hiện', 'đơn vị, cá nhân']],
    ],
    ['IV.5', 'Dịch vụ công', 'system', []],
    ['V.1', 'Báo cáo khảo sát', 'report', []],
    ['V.2', 'Báo cáo', 'report', []],
    ['V.3', 'Số vụ việc, báo cáo kết quả giải quyết', 'report', [['Số vụ việc', 'vụ việc']]],
    ['V.4', 'Danh sách công khai', 'list', []],
    ['V.5', 'Kế hoạch, kết luận thanh tra', 'plan', []],
    ['V.6', 'Số cuộc thanh tra', 'metric', [['Số cuộc thanh tra', 'cuộc']]],
    ['V.7', 'Danh sách doanh nghiệp; kiến nghị xử lý', 'list', []],
    ['VI.1', 'Dự thảo báo cáo của UBND thành phố', 'report', []],
    ['VI.2', 'Báo cáo tổng kết; đề xuất chính sách', 'report', []],
  ])('%s %s → %s', (_key, text, kind, metrics) => {
    const guess = classifyDeliverable(text);
    expect(guess.kind).toBe(kind);
    expect(guess.metrics.map((m) => [m.name, m.unit])).toEqual(metrics);
  });

  it('agrees with workflows/hp-bhxh-2030/appendix.yaml on every kind, metric name and unit; metric codes differ', () => {
    const appendix = parse(readFileSync(HP_APPENDIX, 'utf8')) as {
      rows: { key: string; deliverable: { kind: string; name: string; metrics?: { code: string; name: string; unit: string }[] } }[];
    };
    expect(appendix.rows).toHaveLength(21);
    const codes: [string, string, string][] = [];
    for (const row of appendix.rows) {
      const guess = classifyDeliverable(row.deliverable.name);
      expect([row.key, guess.kind]).toEqual([row.key, row.deliverable.kind]);
      const written = row.deliverable.metrics ?? [];
      expect([row.key, guess.metrics.map((m) => [m.name, m.unit])]).toEqual([row.key, written.map((m) => [m.name, m.unit])]);
      written.forEach((m, i) => codes.push([row.key, m.code, guess.metrics[i].code]));
    }
    // The hand-written file names metrics in English; the import can only spell the words.
    expect(codes).toEqual([
      ['III.10', 'participants', 'so_nguoi_tham_gia'],
      ['III.11', 'communication_activities', 'so_hoat_dong_tuyen_truyen'],
      ['IV.4', 'electronic_transaction_rate', 'ty_le_ho_so_giao_dich_dien_tu'],
      ['IV.4', 'electronic_transaction_participants', 'so_luong_don_vi_ca_nhan_thuc_hien'],
      ['V.3', 'cases', 'so_vu_viec'],
      ['V.6', 'inspections', 'so_cuoc_thanh_tra'],
    ]);
  });
});

describe('classifyDeliverable: other wordings', () => {
  it.each<[string, DeliverableKind, Metric[]]>([
    ['Dự thảo Báo cáo', 'report', []],
    ['Kế hoạch và báo cáo kết quả', 'plan', []],
    ['Chương trình hành động', 'plan', []],
    ['Danh sách đơn vị nợ đọng', 'list', []],
    ['Phần mềm quản lý hồ sơ', 'system', []],
    ['Cơ sở dữ liệu đất đai', 'system', []],
    ['Cổng Dịch vụ công được nâng cấp', 'system', []],
    ['Trang thông tin điện tử', 'link', []],
    ['Cổng thông tin điện tử', 'link', []],
    ['Tài liệu hướng dẫn sử dụng phần mềm', 'document', []],
    ['Quyết định phê duyệt', 'document', []],
    ['Mô hình điểm được nhân rộng', 'document', []],
    ['Số hóa hồ sơ lưu trữ', 'document', []],
    ['Sổ tay hướng dẫn', 'document', []],
    ['Hội nghị sơ kết, báo cáo kết quả', 'report', []],
    ['Kết quả khảo sát được đưa vào báo cáo', 'report', []],
    ['', 'document', []],
    ['Số giao dịch thanh toán trực tuyến\nBáo cáo kết quả', 'report', [['Số giao dịch thanh toán trực tuyến', 'giao dịch']]],
    ['Tỉ lệ hồ sơ được số hóa', 'metric', [['Tỉ lệ hồ sơ được số hóa', '%']]],
    ['Số lượt người được phổ biến kỹ năng số', 'metric', [['Số lượt người được phổ biến kỹ năng số', 'lượt người']]],
    ['Số người được đào tạo; số lớp', 'metric', [['Số người được đào tạo', 'người'], ['Số lớp', 'lớp']]],
    ['Số tiền nợ được thu hồi', 'metric', [['Số tiền nợ được thu hồi', 'đơn vị']]],
    ['Bộ tài liệu; số lượt phát hành', 'document', [['Số lượt phát hành', 'lượt']]],
  ])('%j → %s', (text, kind, metrics) => {
    const guess = classifyDeliverable(text);
    expect(guess.kind).toBe(kind);
    expect(guess.metrics.map((m) => [m.name, m.unit])).toEqual(metrics);
  });

  it('gives two metrics with the same words different codes', () => {
    expect(classifyDeliverable('Số người; số người').metrics.map((m) => m.code)).toEqual(['so_nguoi', 'so_nguoi_2']);
  });

  it.each([
    ['Số người tham gia', 'so_nguoi_tham_gia'],
    ['Tỷ lệ hồ sơ giao dịch điện tử (%)', 'ty_le_ho_so_giao_dich_dien_tu'],
    ['Số lượng đơn vị, cá nhân thực hiện', 'so_luong_don_vi_ca_nhan_thuc_hien'],
    ['Số đơn vị đóng BHXH đầy đủ, đúng hạn theo quy định của pháp luật về bảo hiểm xã hội', 'so_don_vi_dong_bhxh_day_du_dung_han_theo_quy'],
    ['%%%', 'metric'],
  ])('metricCode(%j) = %s', (name, code) => {
    expect(metricCode(name)).toBe(code);
    expect(code).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
  });
});
