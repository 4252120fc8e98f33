/** Vietnamese words of the task lifecycle: states, events, classification, refusals. */

/** Names of the task states, as shown to users. */
export const taskStatusLabels = {
  open: 'Đang thực hiện',
  submitted: 'Đã gửi, chờ xem xét',
  accepted: 'Đã chấp nhận',
  returned: 'Trả lại để hoàn thiện',
  waived: 'Được miễn',
  cancelled: 'Đã hủy',
} as const;

/** Names of the actions on a task (lower case: they go inside sentences). */
export const taskEventLabels = {
  submit: 'gửi sản phẩm',
  accept: 'chấp nhận sản phẩm',
  return: 'trả lại sản phẩm',
  waive: 'miễn thực hiện nhiệm vụ',
  cancel: 'hủy nhiệm vụ',
  reopen: 'mở lại nhiệm vụ',
  extend: 'gia hạn nhiệm vụ',
} as const;

/** The classification of Vietnamese task tracking (theo dõi, đôn đốc nhiệm vụ). */
export const taskClassificationLabels = {
  'in-progress-on-time': 'Đang thực hiện trong hạn',
  'overdue-not-done': 'Quá hạn chưa hoàn thành',
  'done-on-time': 'Hoàn thành đúng hạn',
  'done-late': 'Hoàn thành quá hạn',
  waived: 'Được miễn',
  cancelled: 'Đã hủy',
} as const;

/** Why a task event is refused. */
export const taskErrors = {
  invalidTransition: (action: string, status: string) => `Không thể ${action}: nhiệm vụ đang ở trạng thái "${status}"`,
  reasonRequired: (action: string) => `Cần ghi lý do để ${action}`,
  forbidden: (action: string, allowed: readonly string[]) => `Chỉ ${allowed.join(' hoặc ')} mới được ${action}`,
  invalidTime: (value: string) => `Thời điểm "${value}" không hợp lệ (cần dạng ISO 8601 có múi giờ)`,
  invalidDueDate: (value: string) => `Hạn mới "${value}" không phải ngày hợp lệ (YYYY-MM-DD)`,
  dueDateNotLater: (proposed: string, current: string) =>
    `Hạn mới ${proposed} phải sau hạn hiện tại ${current}`,
} as const;

/** Who may act on a task, as named in refusals. */
export const taskRoleLabels = {
  'focal-point': 'cán bộ đầu mối của cơ quan chủ trì',
  reviewer: 'người xem xét',
  monitor: 'cơ quan theo dõi (Sở Nội vụ)',
} as const;
