/** Vietnamese sentences of GET /metrics. */
export const metricsMessages = {
  credentialsRequired:
    'Cần mã đọc số đo (Authorization: Bearer <PHULUC_METRICS_TOKEN>) hoặc đăng nhập bằng tài khoản quản trị để đọc /metrics.',
  exportFailed: 'Không xuất được số đo. Vui lòng xem nhật ký của dịch vụ.',
} as const;
