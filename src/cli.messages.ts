/** What the phuluc command line says, in Vietnamese. */
export const cliMessages = {
  description: 'phuluc: chạy phụ lục nhiệm vụ của kế hoạch như các quy trình (giao việc, nhắc hạn, thu sản phẩm, báo cáo).',
  jsonOption: 'in kết quả dạng JSON',
  validateDescription: 'kiểm tra các tệp định nghĩa (mặc định: thư mục workflows/); thoát với mã khác 0 nếu có lỗi',
  loadDescription: 'nạp các tệp định nghĩa vào cơ sở dữ liệu (không ghi gì nếu có lỗi)',
  serveDescription: 'chạy dịch vụ web (npm start)',
  migrateDescription: 'áp dụng các migration còn thiếu vào cơ sở dữ liệu',
  noLoadOption: 'không nạp workflows/ khi khởi động',
  pathArgument: 'tệp hoặc thư mục định nghĩa',
  valid: (files: number) => `Hợp lệ: ${files} tệp định nghĩa, không có lỗi.`,
  invalid: (count: number) => `Có ${count} lỗi trong các tệp định nghĩa.`,
  warning: (text: string) => `Cảnh báo: ${text}`,
  loaded: 'Đã nạp định nghĩa.',
  agencies: (c: { added: number; updated: number; unchanged: number; retired: number }) =>
    `Cơ quan: thêm ${c.added}, cập nhật ${c.updated}, không đổi ${c.unchanged}, ngừng dùng ${c.retired}.`,
  groups: (c: { added: number; updated: number; unchanged: number; retired: number }) =>
    `Nhóm: thêm ${c.added}, cập nhật ${c.updated}, không đổi ${c.unchanged}, ngừng dùng ${c.retired}.`,
  calendarYears: (c: { added: number; updated: number; unchanged: number; retired: number }) =>
    `Lịch làm việc (số năm có điều chỉnh): thêm ${c.added}, cập nhật ${c.updated}, không đổi ${c.unchanged}, bỏ ${c.retired}.`,
  plan: (code: string, created: boolean, updated: boolean) =>
    `Kế hoạch ${code}: ${created ? 'tạo mới' : updated ? 'cập nhật thông tin chung' : 'thông tin chung không đổi'}.`,
  rows: (r: { total: number; added: number; newVersions: number; unchanged: number; retired: number }) =>
    `  ${r.total} dòng phụ lục: thêm ${r.added}, phiên bản mới ${r.newVersions}, không đổi ${r.unchanged}, ngừng dùng ${r.retired}.`,
  migrations: (names: string[]) => (names.length ? `Đã áp dụng ${names.length} migration: ${names.join(', ')}.` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.'),
  listening: (url: string) => `phuluc đang chạy tại ${url}  (API: ${url}/api/docs, tình trạng: ${url}/health)`,
  embedded: (dir: string) => `Dùng PostgreSQL nhúng, dữ liệu tại ${dir} (đặt DATABASE_URL để dùng máy chủ khác).`,
  stopping: 'Đang dừng phuluc…',
  failed: (message: string) => `Lỗi: ${message}`,
  generateDescription: 'sinh nhiệm vụ cho các kỳ đã mở của kế hoạch đang thực hiện (chạy lại không tạo trùng)',
  untilOption: 'sinh các kỳ mở đến ngày này (YYYY-MM-DD; mặc định: hôm nay theo giờ Việt Nam)',
  planOption: 'chỉ kế hoạch có mã này',
  badDate: (name: string, value: string) => `${name} "${value}" không phải ngày dạng YYYY-MM-DD`,
  generatedPlan: (code: string, until: string, created: number, existing: number) =>
    `Kế hoạch ${code}, các kỳ mở đến ${until}: tạo ${created} nhiệm vụ, đã có ${existing}.`,
  generatedRow: (key: string, timing: string, periods: number, lead: number, support: number, created: number, existing: number) =>
    `  ${key.padEnd(7)} ${timing.padEnd(36)} ${periods} kỳ × (${lead} chủ trì + ${support} phối hợp): tạo ${created}, đã có ${existing}`,
  rowWarning: (key: string, text: string) => `  Cảnh báo [${key}]: ${text}`,
} as const;
