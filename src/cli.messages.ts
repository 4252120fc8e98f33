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
  userDescription: 'tài khoản đăng nhập và vai trò',
  userAddDescription: 'tạo (hoặc cập nhật) tài khoản; mật khẩu được sinh ngẫu nhiên và in ra một lần',
  userListDescription: 'liệt kê tài khoản và vai trò',
  accountRoleOption: 'vai trò toàn hệ thống: admin, monitor (Sở Nội vụ), viewer (chỉ xem)',
  focalPointOption: 'mã cơ quan mà người này là cán bộ đầu mối',
  headOption: 'mã cơ quan mà người này là thủ trưởng',
  badAccountRole: (role: string) => `Vai trò "${role}" không tồn tại; dùng admin, monitor hoặc viewer (đầu mối, thủ trưởng: --focal-point, --head).`,
  userSaved: (email: string, created: boolean, password?: string) =>
    `${created ? 'Đã tạo' : 'Đã cập nhật'} tài khoản ${email}.${password ? `\nMật khẩu (chỉ hiện một lần, hãy đổi sau khi đăng nhập): ${password}` : ''}`,
  userLine: (a: { email: string; name: string; roles: string[]; focalPointOf: string[]; headOf: string[]; disabled: boolean }) =>
    `${a.email.padEnd(36)} ${a.name}${a.roles.length ? ` · ${a.roles.join(', ')}` : ''}${a.focalPointOf.length ? ` · đầu mối: ${a.focalPointOf.join(', ')}` : ''}${a.headOf.length ? ` · thủ trưởng: ${a.headOf.join(', ')}` : ''}${a.disabled ? ' · ĐÃ KHÓA' : ''}`,
  tokenDescription: 'mã truy cập API cho hệ thống khác và tập lệnh',
  tokenCreateDescription: 'tạo mã truy cập API mang quyền của một tài khoản (in ra một lần)',
  tokenNameOption: 'tên gợi nhớ của mã',
  noSuchAccount: (email: string) => `Không có tài khoản ${email}.`,
  tokenCreated: (token: string) => `Mã truy cập (chỉ hiện một lần; gửi trong tiêu đề "Authorization: Bearer …"):\n${token}`,
  firstAdmin: (email: string, password?: string) =>
    password
      ? `Tài khoản quản trị đầu tiên: ${email}\nMật khẩu (chỉ hiện lần này, hãy đổi sau khi đăng nhập): ${password}`
      : `Tài khoản quản trị đầu tiên: ${email} (mật khẩu từ ADMIN_PASSWORD).`,
  seedDemoDescription: 'tạo tài khoản thử nghiệm cho mọi vai trò (in mật khẩu) và các lần nộp mẫu trong năm 2026 — chỉ để dùng thử',
  demoOption: 'tạo (hoặc làm mới mật khẩu) tài khoản thử nghiệm và dữ liệu mẫu khi khởi động — chỉ để dùng thử',
  demoHeader: (submissions: number, already: boolean) =>
    `Dữ liệu thử nghiệm: ${already ? 'các lần nộp mẫu đã có từ trước' : `đã tạo ${submissions} lần nộp mẫu`}. Tài khoản (mật khẩu mới, chỉ hiện lần này):`,
  demoAccount: (role: string, email: string, password: string) => `  ${role.padEnd(12)} ${email.padEnd(34)} ${password}`,
  reportDescription: 'lập văn bản báo cáo của kế hoạch',
  reportAnnualDescription: 'lập dự thảo báo cáo năm của UBND thành phố về kế hoạch (hoặc báo cáo tổng kết với --final) từ sản phẩm các cơ quan đã gửi',
  reportYearOption: 'năm báo cáo, ví dụ 2026',
  reportFormatOption: 'docx (dự thảo Word, được lưu và đính kèm nhiệm vụ VI.1), html (xem trước) hoặc xlsx (phụ lục chi tiết)',
  reportFinalOption: 'báo cáo tổng kết cả giai đoạn của kế hoạch (dòng VI.2)',
  reportOutOption: 'tệp để ghi ra',
  badYear: (value: string) => `--year phải là năm có 4 chữ số (nhận được "${value}").`,
  badReportFormat: (value: string) => `--format "${value}" không hợp lệ: docx, html hoặc xlsx.`,
  reportWritten: (file: string, bytes: number, tasks: number, late: number, kept: boolean) =>
    `Đã ghi ${file} (${bytes.toLocaleString('vi-VN')} byte): ${tasks.toLocaleString('vi-VN')} lượt nhiệm vụ, ${late.toLocaleString('vi-VN')} nhiệm vụ quá hạn.` +
    (kept ? ' Bản dự thảo đã được lưu và đính kèm nhiệm vụ lập báo cáo của năm.' : ''),
  filesDescription: 'quản lý kho tệp sản phẩm đã nộp',
  filesCleanupDescription: 'xóa các tệp trong kho không thuộc lần nộp nào (ví dụ do tiến trình dừng giữa chừng)',
  olderThanOption: 'chỉ xóa tệp cũ hơn số phút này (tệp mới có thể thuộc một lần nộp đang ghi)',
  badMinutes: (value: string) => `--older-than-minutes phải là số nguyên không âm (nhận được "${value}").`,
  filesCleaned: (files: number, partials: number) => `Đã xóa ${files} tệp không thuộc lần nộp nào và ${partials} tệp tạm dang dở.`,
  tickDescription: 'chạy một nhịp của bộ lập lịch: mở nhiệm vụ đến hạn mở, lập thư nhắc vào hộp thư đi, gửi thư',
  nowOption: 'chạy như thể lúc này là thời điểm đã cho (ISO 8601, ví dụ 2026-12-10T08:00:00+07:00)',
  badInstant: (value: string) => `--now "${value}" không phải thời điểm ISO 8601 (ví dụ 2026-12-10T08:00:00+07:00)`,
  tickDone: (r: { now: string; opened: number; planning: { due: number; planned: number; messages: number; withoutRecipient: number }; dispatch: { sent: number; retried: number; dead: number; paused: boolean } }) =>
    `Nhịp lúc ${r.now} (giờ Việt Nam): mở ${r.opened} nhiệm vụ; ${r.planning.due} bước nhắc đến hạn, ${r.planning.messages} thư mới vào hộp thư đi` +
    (r.planning.withoutRecipient ? ` (${r.planning.withoutRecipient} bước chưa có người nhận: cần nhập cán bộ đầu mối/thủ trưởng)` : '') +
    `; đã gửi ${r.dispatch.sent}, thử lại sau ${r.dispatch.retried}, hỏng ${r.dispatch.dead}${r.dispatch.paused ? ', việc gửi đang tạm dừng (lỗi xác thực SMTP)' : ''}.`,
  personDescription: 'cán bộ đầu mối và thủ trưởng của các cơ quan (người nhận nhắc hạn)',
  personAddDescription: 'thêm hoặc cập nhật một người',
  personListDescription: 'liệt kê những người đang nhận thư',
  agencyOption: 'mã cơ quan (xem GET /api/agencies)',
  roleOption: 'focal-point (cán bộ đầu mối) hoặc head (thủ trưởng)',
  emailOption: 'địa chỉ e-mail',
  nameOption: 'họ và tên',
  personTitleOption: 'chức vụ',
  importDescription: 'nhập phụ lục từ tệp CSV hoặc XLSX (cột section,number,task,lead,support,deliverable,timing) thành định nghĩa trong workflows/<kế hoạch>/',
  importFileArgument: 'tệp phụ lục .csv hoặc .xlsx',
  importPlanOption: 'mã kế hoạch (kế hoạch chưa có sẽ được tạo ở trạng thái dự thảo)',
  fromOption: 'ngày bắt đầu của kế hoạch (YYYY-MM-DD), để tính hạn',
  toOption: 'ngày kết thúc của kế hoạch (YYYY-MM-DD), để tính hạn',
  dryRunOption: 'chỉ đọc và báo cáo, không ghi gì',
  forceOption: 'thay appendix.yaml đã có của kế hoạch',
  loadOption: 'nạp vào cơ sở dữ liệu sau khi ghi (nếu định nghĩa hợp lệ)',
  titleOption: 'tên kế hoạch mới',
  monitorOption: 'mã cơ quan theo dõi của kế hoạch mới (mặc định SNV)',
  importHeader: (file: string, plan: string, exists: boolean, start: string, end: string) =>
    `Phụ lục ${file} → kế hoạch ${plan} (${exists ? 'đã có' : 'mới, dự thảo'}), thời hạn ${start} – ${end}:`,
  importRow: (key: string, lines: string, kind: string, dues: string) => `  ${key.padEnd(7)} dòng ${lines.padEnd(9)} ${kind.padEnd(12)} ${dues}`,
  importParties: (label: string, parties: string) => `          ${label}: ${parties}`,
  importNoDue: 'chưa có hạn',
  importSummary: (rows: number, read: number, inRows: number, headings: number, noted: number) =>
    `${rows} dòng phụ lục từ ${read} dòng của tệp: ${inRows} dòng nội dung, ${headings} dòng tiêu đề mục, ${noted} dòng trống hoặc bỏ qua có ghi chú.`,
  importUnresolved: (names: string[]) => `Chưa xác định được: ${names.join('; ')}.`,
  importBlocking: (keys: string[]) => `Cần sửa trước khi nạp: ${keys.join(', ')}.`,
  importNote: (text: string) => `Ghi chú: ${text}`,
  importWritten: (files: string[]) => `Đã ghi: ${files.join(', ')}.`,
  importDryRun: 'Chạy thử (--dry-run): không ghi gì.',
  importProblem: (text: string) => `  ${text}`,
  importProblems: (count: number) => `Định nghĩa vừa ghi có ${count} lỗi: sửa rồi chạy "phuluc load".`,
} as const;
