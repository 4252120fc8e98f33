/** User-facing sentences of sign-in, accounts and access control, in Vietnamese. */
export const accessMessages = {
  emailInvalid: (email: string) => `"${email}" không phải là địa chỉ e-mail hợp lệ.`,
  nameRequired: 'Cần nhập họ và tên.',
  roleUnknown: (role: string) => `Vai trò "${role}" không tồn tại (admin, monitor, viewer; cán bộ đầu mối và thủ trưởng gắn với cơ quan).`,
  agencyUnknown: (codes: string) => `Không có cơ quan ${codes} trong danh bạ.`,
  accountNotFound: (id: string) => `Không tìm thấy tài khoản ${id}.`,
  signinFailed: 'E-mail hoặc mật khẩu không đúng.',
  signinRequired: 'Cần đăng nhập để tiếp tục.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  routeNotAllowed: 'Đường dẫn này chưa được cấp quyền truy cập.',
  csrfFailed: 'Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.',
  tokenInvalid: 'Mã truy cập API không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.',
  tokenNotFound: (id: string) => `Không tìm thấy mã truy cập ${id}.`,
  resetInvalid: 'Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn. Vui lòng yêu cầu liên kết mới.',
  passwordsDiffer: 'Hai lần nhập mật khẩu không giống nhau.',
  currentPasswordWrong: 'Mật khẩu hiện tại không đúng.',
} as const;
