import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI only (`npx typeorm migration:show -d dist/src/database/data-source.js`).
 * It needs DATABASE_URL: the embedded server is started by the application, not by the CLI.
 */
const config = loadConfig();
if (!config.databaseUrl) {
  throw new Error('Đặt DATABASE_URL để dùng TypeORM CLI (máy chủ PostgreSQL nhúng chỉ chạy cùng ứng dụng).');
}
export default new DataSource(buildDataSourceOptions(config.databaseUrl));
