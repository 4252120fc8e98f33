import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type Browser } from 'playwright-core';
import { fixedClock } from '../../src/common/clock';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { DemoSeedService } from '../../src/modules/demo/demo-seed.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { createAccount, TEST_PASSWORD } from '../support/auth';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';


/**
 * Every page of the monitor and the admin on the demonstration data, in Chromium: each renders
 * in Vietnamese without a console error or a blocked resource (the CSP forbids inline code), the
 * keyboard reaches the skip link first, the task page and the reports page fit a phone's width,
 * and the reports page's button gives the Word draft as a download. Screenshots of each page are
 * kept in test-artifacts/screenshots/.
 */
describe('browser: a tour of the monitor’s and the admin’s pages', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z'), env: { PHULUC_FILES_DIR: `/tmp/phuluc-tour-${process.pid}` } });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    await app.get(DemoSeedService).seed();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('renders every page cleanly, reachable by keyboard, and fits a phone', async () => {
    const account = await createAccount(app, { email: 'quan-tri-va-so-noi-vu@haiphong.gov.vn', name: 'Quản trị kiêm Sở Nội vụ', roles: ['admin', 'monitor'] });
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    // A request the browser itself cancels (the next navigation began) is not the page's fault.
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${request.url()}: ${request.failure()?.errorText}`);
    });

    await page.goto(`${base}/dang-nhap`);
    await page.keyboard.press('Tab');
    // The page's own script context (a string: this project has no DOM types).
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Bỏ qua, đến nội dung chính');
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/tong-quan`);

    const pages: [string, string, string][] = [
      ['/tong-quan', 'Tổng quan thực hiện kế hoạch', '20-tong-quan'],
      ['/tuan-thu?nam=2026&nhom=UBND_CAP_XA', 'Ma trận tuân thủ năm 2026', '21-ma-tran-tuan-thu'],
      ['/bao-cao', 'Báo cáo năm 2026', '32-bao-cao'],
      ['/cho-xem-xet', 'Sản phẩm chờ xem xét', '22-cho-xem-xet'],
      ['/nhiem-vu-dot-xuat', 'Tạo nhiệm vụ đột xuất', '23-nhiem-vu-dot-xuat'],
      ['/quan-tri/ke-hoach', 'Kế hoạch phát triển', '24-quan-tri-ke-hoach'],
      ['/quan-tri/co-quan', 'Cơ quan, nhóm và người nhận thư', '25-quan-tri-co-quan'],
      ['/quan-tri/lich?nam=2026', 'Lịch làm việc năm 2026', '26-quan-tri-lich'],
      ['/quan-tri/hop-thu-di', 'Hộp thư đi', '27-quan-tri-hop-thu-di'],
      ['/quan-tri/tai-khoan', 'Tài khoản và vai trò', '28-quan-tri-tai-khoan'],
      ['/quan-tri/nhap-phu-luc', 'Nhập phụ lục nhiệm vụ', '29-quan-tri-nhap-phu-luc'],
      ['/doi-mat-khau', 'Đổi mật khẩu', '30-doi-mat-khau'],
    ];
    for (const [url, heading, name] of pages) {
      const response = await page.goto(`${base}${url}`);
      expect({ url, status: response?.status() }).toEqual({ url, status: 200 });
      expect(await page.locator('h1').innerText()).toContain(heading);
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    }
    // A task with history, on a phone: nothing wider than the screen.
    await page.goto(`${base}/cho-xem-xet`);
    await page.getByRole('link', { name: /V\.6/u }).first().click();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '31-nhiem-vu-dien-thoai.png'), fullPage: true });
    // The reports page on the phone: skip link first, nothing wider than the screen; one click
    // on the button gives the Word draft as a download.
    await page.goto(`${base}/bao-cao`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Bỏ qua, đến nội dung chính');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '33-bao-cao-dien-thoai.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Lập dự thảo báo cáo năm 2026 (Word)' }).click()]);
    expect(download.suggestedFilename()).toBe('du-thao-bao-cao-nam-2026.docx');
    await page.reload();
    expect(await page.getByRole('link', { name: 'du-thao-bao-cao-nam-2026.docx' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
