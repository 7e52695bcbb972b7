// The browser scenario (run by run.sh, which starts cvd serve): an anonymous reporter files a
// report through the HTML form and sees the tracking id; a coordinator logs in, opens the inbox,
// validates the report (a case is created), opens the case, posts a question (request_info);
// the reporter opens the follow-up link and answers; the coordinator sees the answer. Each page
// is saved as a screenshot NN-name.png in CVD_SCREENSHOT_DIR, and each step asserts on the
// text a person would see. No page may run script (cvd serves none) and none may log an error.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import path from 'node:path';

const base = process.env.CVD_URL;
const shots = process.env.CVD_SCREENSHOT_DIR;
const executablePath = process.env.CVD_CHROMIUM || '/usr/bin/chromium';
const password = process.env.CVD_PASSWORD;
assert.ok(base && shots && password, 'CVD_URL, CVD_SCREENSHOT_DIR and CVD_PASSWORD are needed');

const title = 'Stored XSS in <Widget> admin "notes"';
const question = 'Which Widget build did you test, and does it need a login?';
const answer = 'Build 7.3.1; no login needed, see the steps.';

let n = 0;
let step = 'start';
async function shot(page, name) {
    n += 1;
    const file = path.join(shots, `${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`ok ${n} ${name} (${file})`);
}

async function bodyText(page) {
    return page.locator('body').innerText();
}

async function expectText(page, text, what) {
    const body = await bodyText(page);
    assert.ok(body.includes(text), `${step}: ${what || JSON.stringify(text)} not on ${page.url()}\n---\n${body.slice(0, 1500)}`);
}

// A page's form whose hidden action field has this value, or whose submit button does.
function actionForm(page, action) {
    return page.locator(`form:has(input[name="action"][value="${action}"]), form:has(button[name="action"][value="${action}"])`).first();
}

async function submitForm(page, form) {
    const button = form.locator('button[type="submit"], input[type="submit"], button:not([type])').first();
    await Promise.all([page.waitForLoadState('load'), button.click()]);
    await page.waitForLoadState('load');
}

const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
const problems = [];
function watch(page, who) {
    page.on('pageerror', (e) => problems.push(`${who}: page error ${e.message}`));
    page.on('console', (m) => {
        // the CSP forbids script; a report of a refused inline script would mean the page tried
        // (a 4xx the scenario asks for, such as the wrong password's 401, is logged as "Failed
        // to load resource"; responses are checked below, by status)
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
            problems.push(`${who}: console ${m.text()}`);
    });
    page.on('response', (r) => {
        if (r.status() >= 500) problems.push(`${who}: ${r.status()} ${r.url()}`);
    });
}

let exitCode = 0;
try {
    // ---- the reporter, anonymous ----
    const reporterCtx = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const rep = await reporterCtx.newPage();
    watch(rep, 'reporter');

    step = 'home';
    await rep.goto(base + '/');
    await shot(rep, 'home');
    await Promise.all([rep.waitForURL('**/report'), rep.locator('a[href="/report"]').first().click()]);

    step = 'report form';
    await expectText(rep, 'AMBER');
    await rep.fill('[name="title"]', title);
    await rep.fill('[name="product"]', 'Widget Server');
    await rep.fill('[name="versions"]', '7.0 to 7.3.1');
    await rep.fill('[name="description"]', 'The notes field of the admin page renders HTML.');
    await rep.fill('[name="impact"]', 'An editor can take over an admin session.');
    await rep.fill('[name="reproduction"]', '1. Write <script>alert(1)</script> in a note.\n2. Open it as admin.');
    await rep.fill('[name="reporter_name"]', 'Rita Reporter');
    await rep.fill('[name="reporter_email"]', 'rita@example.org');
    await rep.locator('[name="tlp"][value="GREEN"]').check();
    await shot(rep, 'report-form');
    await submitForm(rep, rep.locator('form:has([name="title"])'));

    step = 'receipt';
    assert.match(rep.url(), /\/follow-up\/cvd_fu_[A-Za-z0-9_-]{43}\?new=1$/, `${step}: landed on ${rep.url()}`);
    const followUp = rep.url().replace(/\?new=1$/, '');
    const receipt = await bodyText(rep);
    const m = receipt.match(/R-\d{4}-\d{6,12}/);
    assert.ok(m, `${step}: no tracking id on the page:\n${receipt.slice(0, 1500)}`);
    const trackingId = m[0];
    await expectText(rep, title, 'the report title');
    await shot(rep, 'receipt');
    console.log(`reported ${trackingId}`);

    // ---- the coordinator ----
    const coordCtx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const co = await coordCtx.newPage();
    watch(co, 'coordinator');

    step = 'login';
    await co.goto(base + '/inbox');
    assert.match(co.url(), /\/login/, `${step}: the inbox needs a login, got ${co.url()}`);
    await co.fill('[name="email"]', 'coord@csirt.example');
    await co.fill('[name="password"]', 'not the password');
    await shot(co, 'login');
    await submitForm(co, co.locator('form:has([name="password"])'));
    await expectText(co, 'wrong e-mail address or password', 'a wrong password is refused');
    await co.fill('[name="email"]', 'coord@csirt.example');
    await co.fill('[name="password"]', password);
    await submitForm(co, co.locator('form:has([name="password"])'));

    step = 'inbox';
    assert.match(co.url(), /\/inbox$/, `${step}: after login, ${co.url()}`);
    await expectText(co, trackingId);
    await expectText(co, title);
    await expectText(co, 'Sign out', 'signed in');
    await shot(co, 'inbox');
    await Promise.all([co.waitForURL(`**/reports/${trackingId}`),
        co.locator(`a[href="/reports/${trackingId}"]`).first().click()]);

    step = 'report';
    await expectText(co, title);
    await expectText(co, 'Widget Server');
    await expectText(co, 'rita@example.org');
    await expectText(co, '<script>alert(1)</script>', 'the reproduction steps, as text');
    await shot(co, 'report');

    step = 'validate';
    const validate = actionForm(co, 'validate');
    assert.equal(await validate.count(), 1, `${step}: no validate form on the report page`);
    const caseTitle = validate.locator('[name="case_title"]');
    if (await caseTitle.count()) await caseTitle.fill('Widget admin notes XSS');
    await submitForm(co, validate);
    assert.match(co.url(), new RegExp(`/reports/${trackingId}$`), `${step}: back on the report, ${co.url()}`);
    const afterValidate = await bodyText(co);
    const cm = afterValidate.match(/CVD-\d{4}-\d{4,12}/);
    assert.ok(cm, `${step}: no case id on the report page after validating`);
    const caseId = cm[0];
    assert.ok(/valid/i.test(afterValidate), `${step}: state valid not shown`);
    // validate is no longer offered; accept is
    assert.equal(await actionForm(co, 'validate').count(), 0, `${step}: validate still offered`);
    assert.equal(await actionForm(co, 'accept').count(), 1, `${step}: accept not offered`);
    await shot(co, 'validated');

    step = 'case';
    await Promise.all([co.waitForURL(`**/cases/${caseId}`),
        co.locator(`a[href="/cases/${caseId}"]`).first().click()]);
    await expectText(co, caseId);
    await expectText(co, trackingId, 'the case lists the report');
    await shot(co, 'case');
    await Promise.all([co.waitForURL(`**/reports/${trackingId}`),
        co.locator(`a[href="/reports/${trackingId}"]`).first().click()]);

    step = 'question';
    const ask = actionForm(co, 'request_info');
    assert.equal(await ask.count(), 1, `${step}: no request_info form`);
    await ask.locator('[name="message"]').fill(question);
    await submitForm(co, ask);
    await expectText(co, question);
    await shot(co, 'question');

    // ---- the reporter answers through the follow-up link ----
    step = 'follow-up';
    await rep.goto(followUp);
    await expectText(rep, trackingId);
    await expectText(rep, question, "the coordinator's question");
    await rep.fill('form:has([name="message"]) [name="message"]', answer);
    await shot(rep, 'follow-up');
    await submitForm(rep, rep.locator('form:has([name="message"])'));
    assert.equal(rep.url(), followUp, `${step}: back on the follow-up page`);
    await expectText(rep, answer, 'the answer on the reporter\'s page');
    await shot(rep, 'answered');

    // ---- the coordinator sees the answer ----
    step = 'answer';
    await co.reload();
    await expectText(co, answer, "the reporter's answer");
    await shot(co, 'answer');

    // a link the reporter got is not a coordinator's page
    step = 'isolation';
    const probe = await reporterCtx.newPage();
    await probe.goto(`${base}/reports/${trackingId}`);
    assert.match(probe.url(), /\/login/, `${step}: the reporter reached ${probe.url()}`);
    await probe.close();

    assert.deepEqual(problems, [], 'errors in the pages');
    console.log('browser flow: all steps passed');
} catch (e) {
    exitCode = 1;
    console.error(`FAIL at step "${step}": ${e.message}`);
    if (problems.length) console.error(problems.join('\n'));
} finally {
    await browser.close();
}
process.exit(exitCode);
