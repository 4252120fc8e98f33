/** User-facing sentences of the HTTP layer, in Vietnamese. */
export const httpMessages = {
  planNotFound: (code: string) => `Không tìm thấy kế hoạch "${code}".`,
  agencyNotFound: (code: string) => `Không tìm thấy cơ quan "${code}".`,
  routeNotFound: (method: string, path: string) => `Không có đường dẫn ${method} ${path}.`,
  internalError: 'Đã xảy ra lỗi không mong muốn. Vui lòng thử lại hoặc báo quản trị viên kèm mã yêu cầu.',
  validationFailed: 'Tham số không hợp lệ.',
  badRequest: 'Yêu cầu không hợp lệ.',
  bodyTooLarge: 'Dữ liệu gửi lên quá lớn.',
  bodyNotReadable: 'Không đọc được dữ liệu gửi lên (kiểu, bảng mã hoặc cách nén không được hỗ trợ).',
  invalidCharacter: 'Dữ liệu gửi lên chứa ký tự không lưu được (ký tự NUL, hoặc nửa ký tự Unicode).',
  databaseDown: 'Không kết nối được cơ sở dữ liệu.',
} as const;
