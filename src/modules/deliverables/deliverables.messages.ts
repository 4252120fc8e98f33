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
