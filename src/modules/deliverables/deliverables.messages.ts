/** User-facing sentences of the deliverables module, in Vietnamese. Identifiers stay English. */

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MB` : `${mib.toFixed(1).replace('.', ',')} MB`;
}

export const deliverableMessages = {
  emptyFile: 'Tệp tải lên không có nội dung.',
  tooLarge: (maxBytes: number) => `Tệp vượt quá dung lượng cho phép (tối đa ${formatMiB(maxBytes)}).`,
  typeNotAllowed: (allowed: string[]) =>
    `Loại tệp này không được chấp nhận. Các loại được chấp nhận: ${allowed.join(', ')}.`,
  typeUnknown: (allowed: string[]) =>
    `Không nhận dạng được loại tệp từ nội dung. Các loại được chấp nhận: ${allowed.join(', ')}.`,
  typeMismatch: (declaredExtension: string, detected: string) =>
    `Nội dung tệp không khớp với phần mở rộng ".${declaredExtension}" (nội dung thực tế: ${detected}).`,
  infected: (signature: string) => `Tệp bị phần mềm diệt virus chặn (${signature}).`,

  figureUnknown: (code: string) => `Chỉ tiêu "${code}" không thuộc sản phẩm của nhiệm vụ này.`,
  figureMissing: (name: string) => `Chưa nhập số liệu "${name}".`,
  figureNotANumber: (name: string) =>
    `Số liệu "${name}" không phải là số hợp lệ (ví dụ: 1.184.000 hoặc 12,5).`,
  figureNotInteger: (name: string) => `Số liệu "${name}" phải là số nguyên.`,
  figurePercentRange: (name: string) => `Tỷ lệ "${name}" phải nằm trong khoảng 0–100%.`,
  figureBelowMin: (name: string, min: string) => `Số liệu "${name}" không được nhỏ hơn ${min}.`,
  figureAboveMax: (name: string, max: string) => `Số liệu "${name}" không được lớn hơn ${max}.`,
  inFile: (name: string, message: string) => `Tệp "${name}": ${message}`,
  notMultipart: 'Yêu cầu phải gửi dạng multipart/form-data (tệp trong trường "files").',
  malformedMultipart: 'Nội dung multipart/form-data bị lỗi, không đọc được.',
  uploadAborted: 'Việc tải lên bị ngắt giữa chừng.',
  unexpectedFilePart: (name: string, expected: string) => `Trường tệp "${name}" không được chấp nhận; gửi tệp trong trường "${expected}".`,
  unexpectedField: (name: string, allowed: readonly string[]) => `Trường "${name}" không được chấp nhận. Các trường hợp lệ: ${allowed.join(', ')}.`,
  fieldTooLong: (name: string, maxBytes: number) => `Trường "${name}" quá dài (tối đa ${maxBytes.toLocaleString('vi-VN')} byte).`,
  fieldRepeated: (name: string) => `Trường "${name}" được gửi nhiều lần.`,
  tooManyFiles: (max: number) => `Mỗi lần nộp tối đa ${max} tệp.`,
  tooManyParts: 'Yêu cầu có quá nhiều trường.',
  noteTooLong: (max: number) => `Ghi chú quá dài (tối đa ${max.toLocaleString('vi-VN')} ký tự).`,
  textTooLong: (label: string, max: number) => `${label} quá dài (tối đa ${max} ký tự).`,
  linkInvalid: 'Đường dẫn phải là địa chỉ http:// hoặc https:// hợp lệ.',
  issuedOnInvalid: (text: string) => `Ngày ban hành "${text}" không hợp lệ (nhập dạng dd/mm/yyyy).`,
  issuedOnInFuture: 'Ngày ban hành không được sau ngày hôm nay.',
  figuresNotJson: 'Trường "figures" phải là JSON, ví dụ {"inspections": 12}.',
  figuresNotExpected: 'Nhiệm vụ này không có chỉ tiêu số liệu; bỏ trường "figures".',
  contributionEmpty: 'Phần phối hợp cần có ít nhất một tệp, một ghi chú, một đường dẫn hoặc số liệu.',
  linkRequired: (name: string) => `Sản phẩm "${name}" cần một đường dẫn (trường "link") hoặc một tệp.`,
  fileRequired: (name: string) => `Sản phẩm "${name}" cần ít nhất một tệp đính kèm (trường "files").`,
  fileNotFound: (id: string) => `Không tìm thấy tệp ${id}.`,
  submissionNotFound: (id: string) => `Không tìm thấy lần nộp ${id}.`,
  notOpenForSubmission: (status: string) => `Nhiệm vụ đang ở trạng thái "${status}", không nhận sản phẩm mới.`,
  nothingToReview: 'Nhiệm vụ không có sản phẩm nào đang chờ xem xét.',
  staleVersion: (given: number, pending: number) =>
    `Lần nộp số ${given} không phải lần đang chờ xem xét (lần ${pending}); tải lại trang để xem bản mới nhất.`,
  returnCommentRequired: 'Trả lại để chỉnh sửa cần có ý kiến nêu rõ nội dung cần chỉnh sửa, bổ sung.',
  revisionDueInPast: (date: string) => `Hạn gửi lại ${date} đã qua.`,
  revisionDueNotWorkingDay: (date: string) => `Hạn gửi lại ${date} không phải là ngày làm việc.`,
  revisionDueBeforeCurrent: (date: string, current: string) => `Hạn gửi lại ${date} sớm hơn hạn hiện tại ${current}.`,
  figuresLocked: 'Số liệu chỉ sửa được khi lần nộp đang chờ xem xét (hoặc bởi Sở Nội vụ).',
  storageFailed: 'Không lưu được tệp vào kho lưu trữ; chưa có gì được ghi nhận, vui lòng gửi lại sau.',
  rowNotFound: (plan: string, row: string) => `Kế hoạch "${plan}" không có dòng "${row}".`,
  fileMissingFromStorage: (name: string) => `Tệp "${name}" không còn trong kho lưu trữ; báo quản trị viên.`,
  storageReadFailed: 'Không đọc được tệp từ kho lưu trữ; vui lòng thử lại sau.',
  figuresNotAnObject: 'Số liệu phải được gửi dưới dạng danh sách mã chỉ tiêu và giá trị.',
  figureDuplicate: (code: string) => `Chỉ tiêu "${code}" được nhập nhiều lần.`,
} as const;

/** Vietnamese labels of detected file kinds, for messages. */
export const fileKindLabels = {
  pdf: 'PDF',
  doc: 'Word 97–2003 (.doc)',
  xls: 'Excel 97–2003 (.xls)',
  ole2: 'tài liệu Office 97–2003',
  docx: 'Word (.docx)',
  xlsx: 'Excel (.xlsx)',
  pptx: 'PowerPoint (.pptx)',
  odt: 'OpenDocument văn bản (.odt)',
  ods: 'OpenDocument bảng tính (.ods)',
  jpeg: 'ảnh JPEG',
  png: 'ảnh PNG',
  mp4: 'video MP4',
  zip: 'tệp nén ZIP',
  exe: 'tệp chương trình (.exe)',
  unknown: 'không xác định',
} as const;
