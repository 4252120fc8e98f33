import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DefinitionsService } from '../../src/modules/definitions/definitions.service';
import { GenerationService } from '../../src/modules/scheduling/generation.service';
import { createAccount, TEST_PASSWORD, type TestAccount } from '../support/auth';
import { launchChromium, SCREENSHOTS } from '../support/browser';
import { samplePdf } from '../support/sample-files';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { fixedClock } from '../../src/common/clock';


/**
 * The deliverable's round trip in a real browser, in Vietnamese: a focal point of Thanh tra
 * thành phố signs in, finds row V.6 in "Nhiệm vụ của tôi", uploads a PDF and the figure, sees it
 * sent; Sở Nội vụ returns it with a comment; the focal point sees the return and resubmits; Sở
 * Nội vụ accepts and the overview's counts change. A focal point of another agency cannot open
 * the task. Screenshots of every page are kept in test-artifacts/screenshots/.
 */
describe('browser: submit, return, resubmit, accept', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  let focal: TestAccount;
  let monitor: TestAccount;
  let other: TestAccount;
  let taskId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database.url, { clock: fixedClock('2026-12-10T02:00:00Z') });
    await app.get(DefinitionsService).load();
    await app.get(GenerationService).generate({ until: '2026-12-10' });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    focal = await createAccount(app, { email: 'dau-moi@tttp.haiphong.gov.vn', name: 'Lê Thị Mai', focalPointOf: ['TTTP'] });
    monitor = await createAccount(app, { email: 'chuyen-vien@snv.haiphong.gov.vn', name: 'Nguyễn Thị Thu', roles: ['monitor'] });
    other = await createAccount(app, { email: 'dau-moi@skhcn.haiphong.gov.vn', name: 'Trần Văn Hùng', focalPointOf: ['SKHCN'] });
    [{ id: taskId }] = await app.get(DataSource).query(
      `SELECT t.id FROM task_instance t JOIN workflow_definition d ON d.id = t.definition_id WHERE d.key = 'V.6' AND t.period_key = '2026' AND t.agency_code = 'TTTP'`,
    );
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  async function signIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await page.goto(`${base}/dang-nhap`);
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState('networkidle');
    return { context, page };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const count = async (page: Page, cls: string) => Number(await page.locator(`[data-class="${cls}"]`).innerText());

  it('goes round the whole review loop through the pages', async () => {
    // Sở Nội vụ looks at the overview first.
    const snv = await signIn(monitor);
    expect(new URL(snv.page.url()).pathname).toBe('/tong-quan');
    await shot(snv.page, '01-tong-quan-truoc');
    const doneBefore = await count(snv.page, 'done-on-time');

    // The focal point signs in, lands on its tasks, opens V.6.
    const tttp = await signIn(focal);
    expect(new URL(tttp.page.url()).pathname).toBe('/nhiem-vu-cua-toi');
    expect(await tttp.page.locator('h1').innerText()).toBe('Nhiệm vụ của tôi');
    await shot(tttp.page, '02-nhiem-vu-cua-toi');
    await tttp.page.getByRole('link', { name: /V\.6/u }).first().click();
    expect(new URL(tttp.page.url()).pathname).toBe(`/nhiem-vu/${taskId}`);
    await shot(tttp.page, '03-nhiem-vu');

    // A wrong figure is refused beside its field, the note kept.
    await tttp.page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'Báo cáo kết quả thanh tra 2026.pdf', mimeType: 'application/pdf', buffer: samplePdf('Báo cáo') });
    await tttp.page.getByLabel('Số cuộc thanh tra (cuộc)').fill('mười hai');
    await tttp.page.getByLabel('Ghi chú').fill('Báo cáo năm 2026 của Thanh tra thành phố.');
    await tttp.page.getByRole('button', { name: 'Gửi sản phẩm' }).click();
    await tttp.page.waitForLoadState('networkidle');
    expect(await tttp.page.locator('#so-lieu-inspections-loi').innerText()).toContain('Số cuộc thanh tra');
    expect(await tttp.page.getByLabel('Ghi chú').inputValue()).toBe('Báo cáo năm 2026 của Thanh tra thành phố.');
    await shot(tttp.page, '04-nop-loi-so-lieu');

    await tttp.page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'Báo cáo kết quả thanh tra 2026.pdf', mimeType: 'application/pdf', buffer: samplePdf('Báo cáo') });
    await tttp.page.getByLabel('Số cuộc thanh tra (cuộc)').fill('12');
    await tttp.page.getByRole('button', { name: 'Gửi sản phẩm' }).click();
    await tttp.page.waitForLoadState('networkidle');
    expect(await tttp.page.locator('.flash').innerText()).toContain('Đã gửi sản phẩm');
    expect(await tttp.page.locator('.state').innerText()).toContain('Đã gửi, chờ xem xét');
    expect(await tttp.page.locator('.submission').first().innerText()).toContain('Báo cáo kết quả thanh tra 2026.pdf');
    await shot(tttp.page, '05-da-nop');

    // Sở Nội vụ finds it in the review queue and returns it with a comment.
    await snv.page.goto(`${base}/cho-xem-xet`);
    await shot(snv.page, '06-cho-xem-xet');
    await snv.page.getByRole('link', { name: /V\.6/u }).first().click();
    await snv.page.getByLabel('Trả lại để hoàn thiện').check();
    await snv.page.getByLabel('Ý kiến (bắt buộc khi trả lại)').fill('Đề nghị ghi rõ số quyết định thanh tra.');
    await shot(snv.page, '07-xem-xet');
    await snv.page.getByRole('button', { name: 'Ghi nhận kết quả xem xét' }).click();
    await snv.page.waitForLoadState('networkidle');
    expect(await snv.page.locator('.flash').innerText()).toContain('Đã trả lại sản phẩm');

    // The focal point sees the return and its comment, and resubmits.
    await tttp.page.goto(`${base}/nhiem-vu-cua-toi`);
    expect(await tttp.page.locator('table', { hasText: 'Bị trả lại' }).innerText()).toContain('V.6');
    await tttp.page.goto(`${base}/nhiem-vu/${taskId}`);
    expect(await tttp.page.locator('.state').innerText()).toContain('Trả lại để hoàn thiện');
    expect(await tttp.page.locator('blockquote.comment').first().innerText()).toContain('Đề nghị ghi rõ số quyết định thanh tra.');
    await shot(tttp.page, '08-bi-tra-lai');
    await tttp.page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'Báo cáo (bổ sung).pdf', mimeType: 'application/pdf', buffer: samplePdf('Bổ sung') });
    await tttp.page.getByLabel('Số cuộc thanh tra (cuộc)').fill('12');
    await tttp.page.getByLabel('Số, ký hiệu').fill('45/QĐ-TTTP');
    await tttp.page.getByLabel('Ngày ban hành (dd/mm/yyyy)').fill('05/12/2026');
    await tttp.page.getByRole('button', { name: 'Gửi sản phẩm' }).click();
    await tttp.page.waitForLoadState('networkidle');
    expect(await tttp.page.locator('.submission').first().innerText()).toContain('Lần 2');

    // Sở Nội vụ accepts; the overview counts one more task done on time.
    await snv.page.goto(`${base}/nhiem-vu/${taskId}`);
    await snv.page.getByLabel('Chấp nhận').check();
    await snv.page.getByRole('button', { name: 'Ghi nhận kết quả xem xét' }).click();
    await snv.page.waitForLoadState('networkidle');
    expect(await snv.page.locator('.state').innerText()).toContain('Đã chấp nhận');
    await shot(snv.page, '09-da-chap-nhan');
    await snv.page.goto(`${base}/tong-quan`);
    expect(await count(snv.page, 'done-on-time')).toBe(doneBefore + 1);
    await shot(snv.page, '10-tong-quan-sau');

    // Another agency's focal point cannot open it.
    const skhcn = await signIn(other);
    const response = await skhcn.page.goto(`${base}/nhiem-vu/${taskId}`);
    expect(response?.status()).toBe(404);
    expect(await skhcn.page.locator('h1').innerText()).toBe('Không tìm thấy trang');
    await shot(skhcn.page, '11-khong-duoc-xem');

    // Signing out ends the session.
    await tttp.page.getByRole('button', { name: 'Đăng xuất' }).click();
    await tttp.page.waitForLoadState('networkidle');
    expect(new URL(tttp.page.url()).pathname).toBe('/dang-nhap');
    await tttp.page.goto(`${base}/nhiem-vu-cua-toi`);
    expect(new URL(tttp.page.url()).pathname).toBe('/dang-nhap');
    await shot(tttp.page, '12-dang-nhap');
    for (const c of [snv, tttp, skhcn]) await c.context.close();
  }, 120_000);
});
