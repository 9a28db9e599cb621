<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AlipayAgentClient</name>
    <message>
        <source>Alipay did not answer %1 (%2): try again.</source>
        <translation>支付宝未响应 %1（%2）：请重试。</translation>
    </message>
    <message>
        <source>Alipay refused %1: %2</source>
        <translation>支付宝拒绝了 %1：%2</translation>
    </message>
    <message>
        <source>Alipay opened no sign-up batch.</source>
        <translation>支付宝未创建进件批次。</translation>
    </message>
    <message>
        <source>Alipay&apos;s answer to the sign-up could not be verified (%1): try again.</source>
        <translation>无法验证支付宝对进件申请的应答（%1）：请重试。</translation>
    </message>
    <message>
        <source>Alipay refused the sign-up: %1 %2</source>
        <translation>支付宝拒绝了进件申请：%1 %2</translation>
    </message>
    <message>
        <source>The legal representative did not confirm within 15 days: send the application again.</source>
        <translation>法定代表人未在 15 天内确认：请重新提交申请。</translation>
    </message>
    <message>
        <source>Alipay gave no reason.</source>
        <translation>支付宝未说明原因。</translation>
    </message>
    <message>
        <source>Upload the app&apos;s public key in Alipay&apos;s open-platform console, then connect the account with its app id.</source>
        <translation>请在支付宝开放平台控制台上传应用公钥，然后用应用 ID 关联账户。</translation>
    </message>
</context>
<context>
    <name>AlipayBillParser</name>
    <message>
        <source>The Alipay statement could not be read.</source>
        <translation>无法读取支付宝对账单。</translation>
    </message>
    <message>
        <source>The Alipay statement is not a valid zip file.</source>
        <translation>支付宝对账单不是有效的 zip 文件。</translation>
    </message>
    <message>
        <source>The Alipay statement is too large.</source>
        <translation>支付宝对账单文件过大。</translation>
    </message>
    <message>
        <source>The Alipay statement zip is damaged.</source>
        <translation>支付宝对账单 zip 文件已损坏。</translation>
    </message>
    <message>
        <source>The Alipay statement zip contains no CSV file.</source>
        <translation>支付宝对账单 zip 文件中没有 CSV 文件。</translation>
    </message>
    <message>
        <source>The Alipay statement has no transaction list (header row not found).</source>
        <translation>支付宝对账单中没有交易明细（未找到表头行）。</translation>
    </message>
    <message>
        <source>Line %1 of the Alipay statement comes before its header row.</source>
        <translation>支付宝对账单第 %1 行位于表头行之前。</translation>
    </message>
    <message>
        <source>The Alipay statement has no column &quot;%1&quot;.</source>
        <translation>支付宝对账单中没有“%1”列。</translation>
    </message>
    <message>
        <source>Line %1 of the Alipay statement is invalid: %2</source>
        <translation>支付宝对账单第 %1 行无效：%2</translation>
    </message>
    <message>
        <source>it has %1 cells, the header has %2</source>
        <translation>该行有 %1 个字段，而表头有 %2 个</translation>
    </message>
    <message>
        <source>unknown business type &quot;%1&quot;</source>
        <translation>未知的业务类型“%1”</translation>
    </message>
    <message>
        <source>the Alipay transaction number is empty</source>
        <translation>支付宝交易号为空</translation>
    </message>
    <message>
        <source>a refund without a refund request number</source>
        <translation>退款缺少退款请求号</translation>
    </message>
    <message>
        <source>bad creation time &quot;%1&quot;</source>
        <translation>创建时间“%1”有误</translation>
    </message>
    <message>
        <source>bad completion time &quot;%1&quot;</source>
        <translation>完成时间“%1”有误</translation>
    </message>
    <message>
        <source>bad amount &quot;%1&quot; in column %2</source>
        <translation>第 %2 列的金额“%1”有误</translation>
    </message>
    <message>
        <source>The Alipay statement has no header row.</source>
        <translation>支付宝对账单没有表头行。</translation>
    </message>
</context>
<context>
    <name>AlipayBillReader</name>
    <message>
        <source>The bill is UTF-8, not GBK as Alipay serves it.</source>
        <translation>账单是 UTF-8 编码，而支付宝提供的账单应为 GBK 编码。</translation>
    </message>
    <message>
        <source>Line %1 of the bill follows the end of its detail list.</source>
        <translation>账单第 %1 行位于明细列表结束标记之后。</translation>
    </message>
    <message>
        <source>The bill&apos;s header has %1 columns; an Alipay trade bill has %2.</source>
        <translation>账单表头有 %1 列；支付宝交易账单应有 %2 列。</translation>
    </message>
    <message>
        <source>Line %1 of the bill has %2 columns instead of %3.</source>
        <translation>账单第 %1 行有 %2 列，应为 %3 列。</translation>
    </message>
    <message>
        <source>Line %1 of the bill has an amount that is not a number.</source>
        <translation>账单第 %1 行的金额不是数字。</translation>
    </message>
    <message>
        <source>The bill has no header row.</source>
        <translation>账单没有表头行。</translation>
    </message>
    <message>
        <source>The bill is truncated: its detail list has no end marker.</source>
        <translation>账单不完整：明细列表没有结束标记。</translation>
    </message>
    <message>
        <source>The bill is not a zip file.</source>
        <translation>账单不是 zip 文件。</translation>
    </message>
    <message>
        <source>The zip holds no trade detail file.</source>
        <translation>zip 文件中没有交易明细文件。</translation>
    </message>
    <message>
        <source>The bill&apos;s detail file is damaged (it does not inflate).</source>
        <translation>账单明细文件已损坏（无法解压）。</translation>
    </message>
    <message>
        <source>Cannot open the bill %1.</source>
        <translation>无法打开账单 %1。</translation>
    </message>
</context>
<context>
    <name>AlipayCredentials</name>
    <message>
        <source>APPID</source>
        <translation>APPID</translation>
    </message>
    <message>
        <source>16 digits, e.g. 2021001234567890</source>
        <translation>16 位数字，例如 2021001234567890</translation>
    </message>
    <message>
        <source>open.alipay.com → Console → My apps: the 16-digit APPID of the app that has face-to-face payment (当面付).</source>
        <translation>open.alipay.com → 控制台 → 我的应用：已开通当面付的应用的 16 位 APPID。</translation>
    </message>
    <message>
        <source>App private key</source>
        <translation>应用私钥</translation>
    </message>
    <message>
        <source>Let Paydesk make the key pair and paste its public key in the console under Development settings → API signing method (public key), or import the app private key you already use (PEM or the Base64 text of the key tool).</source>
        <translation>可由 Paydesk 生成密钥对，并将其公钥粘贴到控制台“开发设置 → 接口加签方式（公钥）”中；也可导入您已在使用的应用私钥（PEM 格式或密钥工具生成的 Base64 文本）。</translation>
    </message>
    <message>
        <source>Alipay public key</source>
        <translation>支付宝公钥</translation>
    </message>
    <message>
        <source>Shown in the console after the app public key is saved (支付宝公钥). It is Alipay&apos;s key, not the app public key.</source>
        <translation>保存应用公钥后在控制台中显示（支付宝公钥）。这是支付宝的公钥，不是应用公钥。</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>Leave as it is for real payments; Alipay&apos;s own developer sandbox uses https://openapi-sandbox.dl.alipaydev.com/gateway.do.</source>
        <translation>正式收款请保持不变；支付宝开发者沙箱使用 https://openapi-sandbox.dl.alipaydev.com/gateway.do。</translation>
    </message>
    <message>
        <source>Merchant PID</source>
        <translation>商户 PID</translation>
    </message>
    <message>
        <source>16 digits starting 2088</source>
        <translation>以 2088 开头的 16 位数字</translation>
    </message>
    <message>
        <source>Optional. When set, a notification that names another merchant is refused.</source>
        <translation>选填。填写后，将拒绝指向其他商户的通知。</translation>
    </message>
</context>
<context>
    <name>AlipayFundBillParser</name>
    <message>
        <source>The Alipay fund statement has no list of movements (header row not found).</source>
        <translation>支付宝资金账单中没有收支明细（未找到表头行）。</translation>
    </message>
    <message>
        <source>The Alipay fund statement cannot be read: %1</source>
        <translation>无法读取支付宝资金账单：%1</translation>
    </message>
    <message>
        <source>line %1 has unreadable totals</source>
        <translation>第 %1 行的合计无法读取</translation>
    </message>
    <message>
        <source>line %1 comes before the header row</source>
        <translation>第 %1 行位于表头行之前</translation>
    </message>
    <message>
        <source>the header has no column %1</source>
        <translation>表头缺少列 %1</translation>
    </message>
    <message>
        <source>line %1 has %2 cells instead of %3</source>
        <translation>第 %1 行有 %2 个单元格，应为 %3 个</translation>
    </message>
    <message>
        <source>line %1 has the bad time &quot;%2&quot;</source>
        <translation>第 %1 行的时间“%2”无效</translation>
    </message>
    <message>
        <source>line %1 has an amount that is not a number of yuan</source>
        <translation>第 %1 行的金额不是有效的元金额</translation>
    </message>
    <message>
        <source>line %1 is both income and expense</source>
        <translation>第 %1 行同时记为收入和支出</translation>
    </message>
    <message>
        <source>line %1 is a withdrawal without an account serial number</source>
        <translation>第 %1 行是提现，但没有账务流水号</translation>
    </message>
    <message>
        <source>it has no header row</source>
        <translation>没有表头行</translation>
    </message>
    <message>
        <source>the income and expense totals are missing (truncated)</source>
        <translation>缺少收入和支出合计（文件不完整）</translation>
    </message>
    <message>
        <source>the totals (%1 in, %2 out) do not match the rows (%3, %4)</source>
        <translation>合计（收入 %1，支出 %2）与明细行（%3，%4）不符</translation>
    </message>
</context>
<context>
    <name>AlipaySignup</name>
    <message>
        <source>Alipay does not offer counter payments for lottery and gaming (产品不支持当前类目).</source>
        <translation>支付宝不为彩票和游戏类目提供当面付（产品不支持当前类目）。</translation>
    </message>
    <message>
        <source>Alipay does not offer counter payments for lending and financial services without a financial licence (经营资质不符合要求).</source>
        <translation>对于无金融牌照的借贷及金融服务，支付宝不提供当面付（经营资质不符合要求）。</translation>
    </message>
    <message>
        <source>Alipay account (real-name certified; logon id or 2088… id)</source>
        <translation>支付宝账户（已实名认证；登录账号或 2088… 开头的 ID）</translation>
    </message>
</context>
<context>
    <name>AnalyticsStore</name>
    <message>
        <source>The store time zone is not valid; the dashboard cannot group sales by day.</source>
        <translation>门店时区无效；经营看板无法按天汇总销售额。</translation>
    </message>
</context>
<context>
    <name>AnnouncementText</name>
    <message>
        <source>%1 received %2 yuan</source>
        <extracomment>Spoken when a wallet payment arrives. %1 provider name, %2 the amount as spoken (Chinese numerals in Chinese, e.g. 十二点三). Chinese: &quot;%1到账%2元&quot;.</extracomment>
        <translation>%1到账%2元</translation>
    </message>
    <message>
        <source>Refunded %1 yuan</source>
        <extracomment>Spoken when a refund went through. %1 the amount as spoken. Chinese: &quot;已退款%1元&quot;.</extracomment>
        <translation>已退款%1元</translation>
    </message>
    <message>
        <source>Attention: possible duplicate charge of %1 yuan. Please check before the customer leaves.</source>
        <extracomment>Spoken when the till detects that a customer may have paid twice.</extracomment>
        <translation>注意：可能重复扣款%1元，请在顾客离开前核实。</translation>
    </message>
</context>
<context>
    <name>ApplicationChecks</name>
    <message>
        <source>Enter the registered name, exactly as on the licence.</source>
        <translation>请填写注册名称，须与营业执照上完全一致。</translation>
    </message>
    <message>
        <source>Choose what the business sells.</source>
        <translation>请选择经营内容。</translation>
    </message>
    <message>
        <source>Enter the business&apos;s %1.</source>
        <translation>请填写企业的%1。</translation>
    </message>
    <message>
        <source>Enter an 11-digit mainland mobile number.</source>
        <translation>请输入 11 位中国大陆手机号码。</translation>
    </message>
    <message>
        <source>Enter the name exactly as on the ID card.</source>
        <translation>请填写姓名，须与身份证上完全一致。</translation>
    </message>
    <message>
        <source>Add this photo.</source>
        <translation>请添加这张照片。</translation>
    </message>
    <message>
        <source>An enterprise is paid into a corporate account only.</source>
        <translation>企业只能使用对公账户收款。</translation>
    </message>
    <message>
        <source>Choose the bank.</source>
        <translation>请选择银行。</translation>
    </message>
    <message>
        <source>Verify the account: ask for the test deposit and type the amount you received.</source>
        <translation>请验证账户：申请打款验证，并输入收到的金额。</translation>
    </message>
    <message>
        <source>Choose at least one way to be paid.</source>
        <translation>请至少选择一种收款方式。</translation>
    </message>
</context>
<context>
    <name>ApplicationTexts</name>
    <message>
        <source>Not sent yet</source>
        <translation>尚未提交</translation>
    </message>
    <message>
        <source>Sent; waiting for the provider to start its review</source>
        <translation>已提交；等待支付机构开始审核</translation>
    </message>
    <message>
        <source>Under review by the provider</source>
        <translation>支付机构审核中</translation>
    </message>
    <message>
        <source>Rejected: fix what the provider marked and send it again</source>
        <translation>已驳回：请修改支付机构标注的内容后重新提交</translation>
    </message>
    <message>
        <source>Approved: the legal representative must confirm</source>
        <translation>已通过：需法定代表人确认</translation>
    </message>
    <message>
        <source>Merchant account open</source>
        <translation>商户号已开通</translation>
    </message>
    <message>
        <source>Cancelled by the provider: start a new application</source>
        <translation>已被支付机构撤销：请重新发起申请</translation>
    </message>
    <message>
        <source>Merchant type</source>
        <translation>商户类型</translation>
    </message>
    <message>
        <source>Registered name</source>
        <translation>注册名称</translation>
    </message>
    <message>
        <source>Unified Social Credit Code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Business category</source>
        <translation>经营类目</translation>
    </message>
    <message>
        <source>Provider account</source>
        <translation>支付机构账户</translation>
    </message>
    <message>
        <source>Contact mobile</source>
        <translation>联系手机</translation>
    </message>
    <message>
        <source>Legal representative&apos;s name</source>
        <translation>法定代表人姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>ID validity</source>
        <translation>证件有效期</translation>
    </message>
    <message>
        <source>Business licence photo</source>
        <translation>营业执照照片</translation>
    </message>
    <message>
        <source>ID card, portrait side</source>
        <translation>身份证人像面</translation>
    </message>
    <message>
        <source>ID card, national emblem side</source>
        <translation>身份证国徽面</translation>
    </message>
    <message>
        <source>Store-front photo</source>
        <translation>门头照片</translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation>开户名</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <source>Payment features</source>
        <translation>支付功能</translation>
    </message>
    <message>
        <source>Individual (no business licence)</source>
        <translation>个人（无营业执照）</translation>
    </message>
    <message>
        <source>Individual business (个体工商户)</source>
        <translation>个体工商户</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
</context>
<context>
    <name>ApplymentClient</name>
    <message>
        <source>WeChat Pay did not answer (%1): try again.</source>
        <translation>微信支付未响应（%1）：请重试。</translation>
    </message>
    <message>
        <source>WeChat Pay refused the request (%1): %2</source>
        <translation>微信支付拒绝了请求（%1）：%2</translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s answer failed its signature check: not believed.</source>
        <translation>微信支付的应答未通过签名验证：不予采信。</translation>
    </message>
    <message>
        <source>WeChat Pay gave no media id.</source>
        <translation>微信支付未返回 media_id。</translation>
    </message>
    <message>
        <source>The application has no business code.</source>
        <translation>申请单没有业务申请编号。</translation>
    </message>
    <message>
        <source>WeChat Pay gave no applyment id.</source>
        <translation>微信支付未返回申请单号（applyment_id）。</translation>
    </message>
    <message>
        <source>Download the merchant certificate and APIv3 key from the WeChat Pay merchant platform, then connect the account.</source>
        <translation>请从微信支付商户平台下载商户证书和 APIv3 密钥，然后关联账户。</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Entry %1 follows entry %2: entries are missing.</source>
        <translation>第 %1 条记录紧接在第 %2 条之后：中间有记录缺失。</translation>
    </message>
    <message>
        <source>Entry %1 does not link to the entry before it.</source>
        <translation>第 %1 条记录与前一条记录链接不上。</translation>
    </message>
    <message>
        <source>Entry %1 has altered details.</source>
        <translation>第 %1 条记录的详情被改动过。</translation>
    </message>
    <message>
        <source>Entry %1 was altered after it was written.</source>
        <translation>第 %1 条记录在写入后被改动过。</translation>
    </message>
    <message>
        <source>The sealed head of the audit log is damaged.</source>
        <translation>审计日志的封存头已损坏。</translation>
    </message>
    <message>
        <source>Entries %1 to %2 were removed from the end of the log.</source>
        <translation>日志末尾的第 %1 至 %2 条记录已被删除。</translation>
    </message>
    <message>
        <source>The sealed head of the audit log is missing.</source>
        <translation>审计日志的封存头缺失。</translation>
    </message>
    <message>
        <source>The sealed head of the audit log was lost before entry %1: entries at its end may have been removed.</source>
        <translation>审计日志的封存头在第 %1 条之前丢失：日志末尾的条目可能已被删除。</translation>
    </message>
    <message>
        <source>Entries %1 to %2 were added behind the sealed head of the log.</source>
        <translation>第 %1 至 %2 条是在日志封存头之后添加的。</translation>
    </message>
</context>
<context>
    <name>BackupFolder</name>
    <message>
        <source>The latest backup is %1 (made %2). To go back to it, close Paydesk and run:
paydesk restore &quot;%1&quot; --operator OWNER</source>
        <translation>最新备份为 %1（创建于 %2）。如需恢复到该备份，请关闭 Paydesk 并运行：
paydesk restore &quot;%1&quot; --operator OWNER</translation>
    </message>
    <message>
        <source>There is no backup in %1 yet.</source>
        <translation>%1 中还没有备份。</translation>
    </message>
    <message>
        <source>The database cannot be used: %1
%2</source>
        <translation>数据库无法使用：%1
%2</translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message>
        <source>Only the owner may back up or restore the database.</source>
        <translation>只有店主可以备份或恢复数据库。</translation>
    </message>
    <message>
        <source>it fails SQLite&apos;s integrity check, so no backup was made (%1).</source>
        <translation>未通过 SQLite 完整性检查，因此未进行备份（%1）。</translation>
    </message>
    <message>
        <source>Cannot move the damaged database %1 aside; nothing was restored.</source>
        <translation>无法移走已损坏的数据库 %1；未恢复任何数据。</translation>
    </message>
    <message>
        <source>Cannot copy %1 to %2. The damaged database is kept as %3.</source>
        <translation>无法将 %1 复制到 %2。已损坏的数据库保留为 %3。</translation>
    </message>
</context>
<context>
    <name>BillWriter</name>
    <message>
        <source>This system cannot encode GBK text.</source>
        <translation>本系统无法编码 GBK 文本。</translation>
    </message>
    <message>
        <source>Cannot build the bill zip.</source>
        <translation>无法生成账单 zip 文件。</translation>
    </message>
</context>
<context>
    <name>BooksLoader</name>
    <message>
        <source>Cannot read the books: %1</source>
        <translation>无法读取账簿：%1</translation>
    </message>
</context>
<context>
    <name>BusinessCategories</name>
    <message>
        <source>Retail: groceries, convenience store, general goods</source>
        <translation>零售：食品杂货、便利店、日用百货</translation>
    </message>
    <message>
        <source>Catering: restaurant, café, snacks</source>
        <translation>餐饮：餐厅、咖啡馆、小吃</translation>
    </message>
    <message>
        <source>Everyday services: hair, laundry, repairs</source>
        <translation>生活服务：美发、洗衣、维修</translation>
    </message>
    <message>
        <source>Education and training</source>
        <translation>教育培训</translation>
    </message>
    <message>
        <source>Pharmacy and medical supplies</source>
        <translation>药店及医疗用品</translation>
    </message>
    <message>
        <source>Lottery and gaming</source>
        <translation>彩票及游戏</translation>
    </message>
    <message>
        <source>Lending and financial services</source>
        <translation>借贷及金融服务</translation>
    </message>
</context>
<context>
    <name>CaseRepository</name>
    <message>
        <source>There is no case %1.</source>
        <translation>工单 %1 不存在。</translation>
    </message>
    <message>
        <source>Case %1 is not %2 any more (it is %3 now).</source>
        <translation>工单 %1 已不是“%2”状态（当前为“%3”）。</translation>
    </message>
</context>
<context>
    <name>CaseText</name>
    <message>
        <source>Charged twice for one sale</source>
        <translation>一笔销售被扣款两次</translation>
    </message>
    <message>
        <source>Paid after the order was closed</source>
        <translation>订单关闭后才付款</translation>
    </message>
    <message>
        <source>Lost answer, paid again</source>
        <translation>应答丢失，顾客再次付款</translation>
    </message>
    <message>
        <source>Same payer, same amount (suspected)</source>
        <translation>同一付款人同一金额（疑似）</translation>
    </message>
    <message>
        <source>Provider&apos;s figures differ</source>
        <translation>支付机构数据不一致</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Refund in progress</source>
        <translation>退款中</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>another order</source>
        <translation>另一订单</translation>
    </message>
    <message>
        <source>Order %1 was paid although order %2 of the same sale had been paid already.</source>
        <translation>订单 %1 已付款，但同一笔销售的订单 %2 此前已付款。</translation>
    </message>
    <message>
        <source>Order %1 was paid after the till had closed it: the customer was probably asked to pay again, or left without the goods.</source>
        <translation>订单 %1 在收银台关单后才付款：顾客可能被要求再次付款，或未拿到商品就离开了。</translation>
    </message>
    <message>
        <source>Order %1 was paid after the till had closed it, and the sale was paid by order %2.</source>
        <translation>订单 %1 在收银台关单后才付款，而该笔销售已由订单 %2 付款。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer to order %1 or %2 was lost; both turned out paid, for the same amount at the same till a few minutes apart.</source>
        <translation>订单 %1 或 %2 的支付机构应答丢失；两笔均已付款，金额相同，在同一收银台，相隔仅几分钟。</translation>
    </message>
    <message>
        <source>The same payer paid the same amount at this till twice within a few minutes (orders %1 and %2). It may be two purchases: ask the customer.</source>
        <translation>同一付款人在几分钟内于本收银台两次支付相同金额（订单 %1 和 %2）。可能是两次购买：请询问顾客。</translation>
    </message>
    <message>
        <source>The provider reports a payment for order %1 that the till did not book because its figures differ from the order.</source>
        <translation>支付机构报告了订单 %1 的一笔付款，但其数据与订单不一致，收银台未入账。</translation>
    </message>
    <message>
        <source>Look the payment up with the provider (Find payment), then refund it there or book it by hand; dismiss the case with what was done.</source>
        <translation>请向支付机构查询该付款（查找付款），然后在支付机构处退款或手动入账；处理后关闭工单并注明处理方式。</translation>
    </message>
    <message>
        <source>Ask the customer. If it was one purchase, refund the later charge: %1 of order %2.</source>
        <translation>请询问顾客。如为同一次购买，请退还后一笔扣款：订单 %2 的 %1。</translation>
    </message>
    <message>
        <source>Refund the later charge: %1 of order %2.</source>
        <translation>请退还后一笔扣款：订单 %2 的 %1。</translation>
    </message>
</context>
<context>
    <name>CheckoutService</name>
    <message>
        <source>Payment link ready: waiting for the customer to pay</source>
        <translation>付款链接已生成：等待顾客付款</translation>
    </message>
    <message>
        <source>Waiting for the customer to scan and pay</source>
        <translation>等待顾客扫码付款</translation>
    </message>
    <message>
        <source>The QR code could not be created: %1</source>
        <translation>无法生成二维码：%1</translation>
    </message>
    <message>
        <source>No answer from the provider while creating the QR code; closing it.</source>
        <translation>生成二维码时支付机构无应答，正在关闭。</translation>
    </message>
    <message>
        <source>The provider is no longer available; nothing was charged.</source>
        <translation>支付机构已不可用；未扣款。</translation>
    </message>
    <message>
        <source>No answer from the provider: checking the payment. Do not charge again.</source>
        <translation>支付机构无应答：正在查询付款结果。切勿重复收款。</translation>
    </message>
    <message>
        <source>The provider says this order number is already paid; checking by query.</source>
        <translation>支付机构表示此订单号已支付；正在通过查询核实。</translation>
    </message>
    <message>
        <source>Checking the payment with the provider. Do not charge again.</source>
        <translation>正在向支付机构核实付款。请勿重复收款。</translation>
    </message>
    <message>
        <source>Payment failed: %1</source>
        <translation>付款失败：%1</translation>
    </message>
    <message>
        <source>The customer is entering the payment password…</source>
        <translation>顾客正在输入支付密码…</translation>
    </message>
    <message>
        <source>Resumed after a restart</source>
        <translation>重启后已恢复处理</translation>
    </message>
    <message>
        <source>The provider had closed this payment; nothing was charged.</source>
        <translation>支付机构此前已关闭本次付款；未扣款。</translation>
    </message>
    <message>
        <source>The provider closed this payment; nothing was charged.</source>
        <translation>支付机构已关闭本次付款；未扣款。</translation>
    </message>
    <message>
        <source>The provider reports a payment error; cancelling.</source>
        <translation>支付机构报告付款出错，正在撤销。</translation>
    </message>
    <message>
        <source>The provider has the payment; waiting for the customer.</source>
        <translation>支付机构已受理付款，等待顾客确认。</translation>
    </message>
    <message>
        <source>Cashier cancelled; closing at the provider</source>
        <translation>收银员已取消；正在向支付机构关单</translation>
    </message>
    <message>
        <source>Closing at the provider</source>
        <translation>正在向支付机构关单</translation>
    </message>
    <message>
        <source>Cancelled by the cashier; nothing was charged.</source>
        <translation>收银员已取消；未扣款。</translation>
    </message>
    <message>
        <source>The QR code expired before it was paid; nothing was charged.</source>
        <translation>二维码在付款前已过期；未扣款。</translation>
    </message>
    <message>
        <source>Not paid in time; the payment was cancelled and nothing was charged.</source>
        <translation>未在规定时间内付款；本次付款已撤销，未扣款。</translation>
    </message>
    <message>
        <source>The QR code could not be created; nothing was charged. Try again.</source>
        <translation>无法生成二维码；未扣款。请重试。</translation>
    </message>
    <message>
        <source>Replaced by a new payment code; this attempt was cancelled.</source>
        <translation>已被新的付款码替代；本次收款已撤销。</translation>
    </message>
    <message>
        <source>Left open when Paydesk stopped; closed at start-up. Nothing was charged.</source>
        <translation>Paydesk 停止时该收款仍未完成，已在启动时关闭。未扣款。</translation>
    </message>
    <message>
        <source>Cancelled: the customer had paid and the money was returned to them.</source>
        <translation>已撤销：顾客已付款项已原路退回。</translation>
    </message>
    <message numerus="yes">
        <source>No final answer yet; trying again in %n s</source>
        <translation>
            <numerusform>暂无最终结果；%n 秒后重试</numerusform>
        </translation>
    </message>
    <message>
        <source>Charging the payment code…</source>
        <translation>正在通过付款码扣款…</translation>
    </message>
    <message>
        <source>Creating the QR code…</source>
        <translation>正在生成二维码…</translation>
    </message>
    <message>
        <source>Wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <source>One moment please.</source>
        <translation>请稍等片刻。</translation>
    </message>
    <message>
        <source>Wait: the customer confirms the payment on the phone. Do not charge again.</source>
        <translation>请稍候：顾客正在手机上确认付款。切勿重复收款。</translation>
    </message>
    <message>
        <source>Please confirm the payment on your phone.</source>
        <translation>请在手机上确认付款。</translation>
    </message>
    <message>
        <source>Show the QR code to the customer. Esc cancels.</source>
        <translation>请向顾客出示二维码。按 Esc 取消。</translation>
    </message>
    <message>
        <source>Scan the QR code with your wallet app to pay.</source>
        <translation>请用钱包应用扫描二维码付款。</translation>
    </message>
    <message>
        <source>Scan the QR code with %1 to pay.</source>
        <translation>请用%1扫描二维码付款。</translation>
    </message>
    <message>
        <source>Checking the payment with the provider. Do not charge again and do not take another payment for this sale yet.</source>
        <translation>正在向支付机构查询付款结果。切勿重复收款，也暂勿为该笔销售另行收款。</translation>
    </message>
    <message>
        <source>Please wait a moment while we confirm your payment. You will not be charged twice.</source>
        <translation>正在确认您的付款，请稍候。不会重复扣款。</translation>
    </message>
    <message>
        <source>This payment must be refunded: do not hand over goods for it. Refund it from Cases &amp; refunds.</source>
        <translation>这笔付款必须退款：不要为此交付商品。请在“案例与退款”中退款。</translation>
    </message>
    <message>
        <source>This payment will be refunded to you.</source>
        <translation>这笔付款将退还给您。</translation>
    </message>
    <message>
        <source>Paid. Hand over the goods and the receipt.</source>
        <translation>已支付。请交付商品和小票。</translation>
    </message>
    <message>
        <source>Thank you. Payment received.</source>
        <translation>谢谢，付款已收到。</translation>
    </message>
    <message>
        <source>Nothing was charged. Start again or take another payment method.</source>
        <translation>未扣款。请重新开始或换一种支付方式。</translation>
    </message>
    <message>
        <source>The payment was cancelled; you were not charged.</source>
        <translation>本次付款已取消，未向您扣款。</translation>
    </message>
    <message>
        <source>Cancelling at the provider… do not charge again yet.</source>
        <translation>正在向支付机构撤销…暂勿重复收款。</translation>
    </message>
    <message>
        <source>The provider reports %1 for order %2 (transaction %3); this order is %4.</source>
        <translation>支付机构报告订单 %2 的金额为 %1（交易 %3）；本订单为 %4。</translation>
    </message>
    <message>
        <source>no amount</source>
        <translation>无金额</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not booked: the provider&apos;s answer does not match this order. Do not hand over the goods; the manager must check it. %1</source>
        <translation>未入账：支付机构的应答与本订单不符。请勿交付商品；须由经理核查。%1</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Charged twice for one sale (order %1 was paid first): refund this payment.</source>
        <translation>同一笔销售被扣款两次（订单 %1 先付款）：请退还这笔付款。</translation>
    </message>
    <message>
        <source>Paid after it had been closed: refund the customer (late payment).</source>
        <translation>订单关闭后才付款：请给顾客退款（延迟支付）。</translation>
    </message>
    <message>
        <source>Order %1 of the same sale was paid first.</source>
        <translation>同一笔销售的订单 %1 先完成了付款。</translation>
    </message>
    <message>
        <source>This sale is already paid (order %1). Do not charge again.</source>
        <translation>该笔销售已支付（订单 %1）。切勿重复收款。</translation>
    </message>
    <message>
        <source>A payment of this sale (order %1) must be checked by the manager first. Do not charge again; start a new sale or take cash.</source>
        <translation>本次销售的一笔付款（订单 %1）须先由经理核查。请勿重复收款；请开始新的销售或收取现金。</translation>
    </message>
    <message>
        <source>This payment&apos;s progress could not be saved: %1</source>
        <translation>无法保存这笔付款的进度：%1</translation>
    </message>
    <message>
        <source>Do not charge again and do not hand over the goods yet. Once the disk is fixed the payment is finished here by itself, or run &apos;paydesk recover&apos;.</source>
        <translation>请勿重复收款，也暂不要交付商品。磁盘恢复后，这笔付款会在此自动完成，或运行“paydesk recover”。</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>paydesk: unknown command &quot;%1&quot;</source>
        <translation>paydesk：未知命令“%1”</translation>
    </message>
    <message>
        <source>--date needs a date like 2026-11-23.</source>
        <translation>--date 需要一个日期，例如 2026-11-23。</translation>
    </message>
    <message>
        <source>Unknown status &quot;%1&quot;.</source>
        <translation>未知状态“%1”。</translation>
    </message>
    <message>
        <source>No orders.</source>
        <translation>没有订单。</translation>
    </message>
    <message>
        <source>--amount is required.</source>
        <translation>必须提供 --amount。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>Provider &quot;%1&quot; is not set up on this till.</source>
        <translation>本收银台未设置支付机构“%1”。</translation>
    </message>
    <message>
        <source>--wait needs a number of seconds.</source>
        <translation>--wait 需要一个秒数。</translation>
    </message>
    <message>
        <source>The order vanished.</source>
        <translation>订单记录已丢失。</translation>
    </message>
    <message>
        <source>QR code for the customer: %1</source>
        <translation>顾客付款二维码：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) still open.</source>
        <translation>
            <numerusform>%n 笔订单仍未完成。</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: paydesk audit verify [--json]</source>
        <translation>用法：paydesk audit verify [--json]</translation>
    </message>
    <message numerus="yes">
        <source>Audit log intact: %n entries.</source>
        <translation>
            <numerusform>审计日志完好：共 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit log BROKEN at entry %1 (%2 entries).</source>
        <translation>审计日志已被破坏：问题出现在第 %1 条记录（共 %2 条）。</translation>
    </message>
    <message>
        <source>Take a payment: a QR code for the customer, or charge a payment code.</source>
        <translation>收款：生成二维码供顾客扫码，或扫描顾客付款码收款。</translation>
    </message>
    <message>
        <source>Amount, e.g. 12.34.</source>
        <translation>金额，例如 12.34。</translation>
    </message>
    <message>
        <source>The customer&apos;s payment code (scanned).</source>
        <translation>顾客的付款码（扫码所得）。</translation>
    </message>
    <message>
        <source>Seconds to wait for the outcome.</source>
        <translation>等待支付结果的秒数。</translation>
    </message>
    <message>
        <source>List orders.</source>
        <translation>列出订单。</translation>
    </message>
    <message>
        <source>Business day, e.g. 2026-11-23.</source>
        <translation>营业日，例如 2026-11-23。</translation>
    </message>
    <message>
        <source>Only orders in this status, e.g. PAID.</source>
        <translation>只显示该状态的订单，例如 PAID。</translation>
    </message>
    <message>
        <source>Finish every in-flight order.</source>
        <translation>处理完所有进行中的订单。</translation>
    </message>
    <message>
        <source>Verify the tamper-evident audit log: paydesk audit verify.</source>
        <translation>校验防篡改审计日志：paydesk audit verify。</translation>
    </message>
    <message>
        <source>Check the hash chain.</source>
        <translation>校验哈希链。</translation>
    </message>
    <message>
        <source>Earlier payments are not final yet, so no new payment is taken: %1. Run &apos;paydesk recover&apos; when the provider answers again.</source>
        <translation>之前的付款尚未最终确定，因此不接受新的付款：%1。待支付机构恢复应答后请运行 &apos;paydesk recover&apos;。</translation>
    </message>
    <message>
        <source>Payment provider id (default: the till&apos;s first provider).</source>
        <translation>支付机构标识（默认：本收银台的第一个支付机构）。</translation>
    </message>
    <message>
        <source>Refunds: %1 finished, %2 still open.</source>
        <translation>退款：%1 笔已完成，%2 笔仍未完成。</translation>
    </message>
    <message>
        <source>Refund a paid order, in full or in part.</source>
        <translation>为已付款订单办理全额或部分退款。</translation>
    </message>
    <message>
        <source>The cashier&apos;s shift and drawer count: paydesk shift open|payout|close|report.</source>
        <translation>收银员班次与钱箱清点：paydesk shift open|payout|close|report。</translation>
    </message>
    <message>
        <source>Dashboard figures: paydesk analytics rebuild (recompute the aggregates) or check (compare them with the orders).</source>
        <translation>经营看板数据：paydesk analytics rebuild（重新计算汇总数据）或 check（与订单核对）。</translation>
    </message>
    <message>
        <source>What to do.</source>
        <translation>要执行的操作。</translation>
    </message>
    <message>
        <source>Dashboard figures recomputed from %1 orders: %2 rows, %3 of them corrected.</source>
        <translation>已根据 %1 笔订单重新计算经营看板数据：共 %2 行，其中 %3 行已更正。</translation>
    </message>
    <message>
        <source>Dashboard figures match the orders.</source>
        <translation>经营看板数据与订单一致。</translation>
    </message>
    <message>
        <source>Dashboard figures differ from the orders: run paydesk analytics rebuild.</source>
        <translation>经营看板数据与订单不一致：请运行 paydesk analytics rebuild。</translation>
    </message>
    <message>
        <source>Usage: paydesk analytics rebuild|check [--json]</source>
        <translation>用法：paydesk analytics rebuild|check [--json]</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1：%2</translation>
    </message>
    <message>
        <source>--denominations: &quot;%1&quot; is not a banknote or coin × count, e.g. 100x3,50x1,0.5x4.</source>
        <translation>--denominations：“%1”不是“面额 × 张数”格式，例如 100x3,50x1,0.5x4。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>open, payout, close or report.</source>
        <translation>open、payout、close 或 report。</translation>
    </message>
    <message>
        <source>The cashier (password from PAYDESK_PASSWORD).</source>
        <translation>收银员（密码取自 PAYDESK_PASSWORD）。</translation>
    </message>
    <message>
        <source>open: cash in the drawer at the start, e.g. 200.00.</source>
        <translation>open：开班时钱箱中的现金（备用金），例如 200.00。</translation>
    </message>
    <message>
        <source>payout: cash taken out of the drawer.</source>
        <translation>payout：从钱箱取出的现金。</translation>
    </message>
    <message>
        <source>close: cash counted in the drawer.</source>
        <translation>close：钱箱清点出的现金。</translation>
    </message>
    <message>
        <source>close: the count by banknote and coin, e.g. 100x3,50x1,0.5x4.</source>
        <translation>close：按纸币和硬币面额清点，例如 100x3,50x1,0.5x4。</translation>
    </message>
    <message>
        <source>Why the drawer differs, or what a payout was for.</source>
        <translation>钱箱差额原因，或取出现金的用途。</translation>
    </message>
    <message>
        <source>close: the manager confirming a difference over the limit (PAYDESK_APPROVER_PASSWORD, PAYDESK_APPROVER_TOTP).</source>
        <translation>close：差额超出限额时由店长确认（PAYDESK_APPROVER_PASSWORD、PAYDESK_APPROVER_TOTP）。</translation>
    </message>
    <message>
        <source>report: the shift (default: the open or latest one).</source>
        <translation>report：班次（默认：当前未结或最近的班次）。</translation>
    </message>
    <message>
        <source>Also save the report as a PDF.</source>
        <translation>同时将报表保存为 PDF。</translation>
    </message>
    <message>
        <source>Also write the report as ESC/POS printer bytes.</source>
        <translation>同时将报表输出为 ESC/POS 打印机字节。</translation>
    </message>
    <message>
        <source>Usage: paydesk shift open|payout|close|report …</source>
        <translation>用法：paydesk shift open|payout|close|report …</translation>
    </message>
    <message>
        <source>No shift has been opened on this till yet.</source>
        <translation>本收银台尚未开过班次。</translation>
    </message>
    <message>
        <source>--operator NAME is required.</source>
        <translation>必须提供 --operator 姓名。</translation>
    </message>
    <message>
        <source>No shift is open on this till.</source>
        <translation>本收银台当前没有进行中的班次。</translation>
    </message>
    <message>
        <source>List duplicate-charge cases, or resolve one.</source>
        <translation>列出重复扣款工单，或处理其中一个。</translation>
    </message>
    <message>
        <source>No backups in %1 yet.</source>
        <translation>%1 中还没有备份。</translation>
    </message>
    <message>
        <source>Restored %1. The database it replaced is kept as %2.</source>
        <translation>已恢复 %1。被替换的数据库保留为 %2。</translation>
    </message>
    <message>
        <source>Usage: paydesk restore FILE --operator NAME [--json]</source>
        <translation>用法：paydesk restore FILE --operator NAME [--json]</translation>
    </message>
    <message>
        <source>Back up the database now into the backups folder (owner).</source>
        <translation>立即将数据库备份到备份文件夹（店主）。</translation>
    </message>
    <message>
        <source>The owner (password in PAYDESK_PASSWORD).</source>
        <translation>店主（密码取自 PAYDESK_PASSWORD）。</translation>
    </message>
    <message>
        <source>List the backups instead.</source>
        <translation>改为列出备份。</translation>
    </message>
    <message>
        <source>Backup written to %1.</source>
        <translation>备份已写入 %1。</translation>
    </message>
    <message>
        <source>Replace the database with a backup (owner); the replaced one is kept.</source>
        <translation>用备份替换数据库（店主）；被替换的数据库会保留。</translation>
    </message>
    <message>
        <source>The backup to restore.</source>
        <translation>要恢复的备份。</translation>
    </message>
    <message>
        <source>No duplicate-charge cases.</source>
        <translation>没有重复扣款工单。</translation>
    </message>
    <message>
        <source>--resolve needs a case number, e.g. 3.</source>
        <translation>--resolve 需要一个工单编号，例如 3。</translation>
    </message>
    <message>
        <source>--action must be refund or dismiss.</source>
        <translation>--action 必须为 refund 或 dismiss。</translation>
    </message>
    <message>
        <source>Resolving a case needs --operator NAME (password in PAYDESK_PASSWORD, code in PAYDESK_TOTP).</source>
        <translation>处理工单需要 --operator 姓名（密码取自 PAYDESK_PASSWORD，验证码取自 PAYDESK_TOTP）。</translation>
    </message>
    <message>
        <source>There is no case %1.</source>
        <translation>工单 %1 不存在。</translation>
    </message>
    <message>
        <source>Refunds are not set up on this till.</source>
        <translation>本收银台未设置退款功能。</translation>
    </message>
    <message>
        <source>The refund is decided but the provider has not answered yet. Run the same command again: it refunds once.</source>
        <translation>已决定退款，但支付机构尚未应答。请再次运行同一命令：只会退款一次。</translation>
    </message>
    <message>
        <source>Also list resolved cases.</source>
        <translation>同时列出已处理的工单。</translation>
    </message>
    <message>
        <source>Resolve this case.</source>
        <translation>处理此工单。</translation>
    </message>
    <message>
        <source>How: refund (the later charge) or dismiss.</source>
        <translation>处理方式：refund（退还后一笔扣款）或 dismiss（驳回）。</translation>
    </message>
    <message>
        <source>Why (required to resolve).</source>
        <translation>原因（处理时必填）。</translation>
    </message>
    <message>
        <source>Manager or owner resolving the case (password in PAYDESK_PASSWORD, code in PAYDESK_TOTP).</source>
        <translation>处理工单的店长或店主（密码取自 PAYDESK_PASSWORD，验证码取自 PAYDESK_TOTP）。</translation>
    </message>
    <message>
        <source>--action and --reason go with --resolve CASE.</source>
        <translation>--action 和 --reason 须与 --resolve 工单号一起使用。</translation>
    </message>
    <message>
        <source>Reconcile a business day with the providers&apos; statements, resolve an exception (--resolve), sign the day off (--sign-off).</source>
        <translation>对营业日与各支付机构的对账单进行对账，处理差异（--resolve），日结签核（--sign-off）。</translation>
    </message>
    <message>
        <source>Head office&apos;s address is needed: --url postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full.</source>
        <translation>需要总部地址：--url postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full。</translation>
    </message>
    <message>
        <source>Head office daily report %1</source>
        <translation>总部日报 %1</translation>
    </message>
    <message>
        <source>, store %1</source>
        <translation>，门店 %1</translation>
    </message>
    <message>
        <source>, till %1</source>
        <translation>，收银台 %1</translation>
    </message>
    <message>
        <source>  %1/%2 %3: %4 paid, gross %5, refunded %6, net %7, %8 failed, %9 open
</source>
        <translation>  %1/%2 %3：已支付 %4 笔，总额 %5，已退款 %6，净额 %7，失败 %8 笔，未完成 %9 笔
</translation>
    </message>
    <message>
        <source>Total: %1 paid, gross %2, refunded %3, net %4
</source>
        <translation>合计：已支付 %1 笔，总额 %2，已退款 %3，净额 %4
</translation>
    </message>
    <message>
        <source>Reconciliation (books against statements):
</source>
        <translation>对账（账簿对比对账单）：
</translation>
    </message>
    <message>
        <source>Head office is already set up (schema %1); use paydeskctl hq migrate to upgrade it.</source>
        <translation>总部已设置（数据库结构版本 %1）；请使用 paydeskctl hq migrate 升级。</translation>
    </message>
    <message>
        <source>Head office schema at version %1 (%2 step(s) applied).</source>
        <translation>总部数据库结构版本为 %1（已执行 %2 步）。</translation>
    </message>
    <message>
        <source>Store %1 registered.</source>
        <translation>门店 %1 已注册。</translation>
    </message>
    <message>
        <source>Till %1 of store %2 can push as role %3 with the password %4 (shown once).</source>
        <translation>门店 %2 的收银台 %1 可使用角色 %3 和密码 %4 推送数据（仅显示一次）。</translation>
    </message>
    <message>
        <source>Role %1 reads every store, password %2 (shown once).</source>
        <translation>角色 %1 可读取所有门店，密码 %2（仅显示一次）。</translation>
    </message>
    <message>
        <source>Unknown hq action &quot;%1&quot;.</source>
        <translation>未知的 hq 操作“%1”。</translation>
    </message>
    <message>
        <source>Joined to %1 as store %2, till %3; %4 change(s) waiting.</source>
        <translation>已作为门店 %2、收银台 %3 接入 %1；%4 项变更待推送。</translation>
    </message>
    <message>
        <source>Not joined to a head office; %1 change(s) waiting.</source>
        <translation>未接入总部；%1 项变更待推送。</translation>
    </message>
    <message>
        <source>This till is not joined to a head office (paydeskctl hq join).</source>
        <translation>此收银台未接入总部（paydeskctl hq join）。</translation>
    </message>
    <message>
        <source>Pushed %1 change(s) in %2 batch(es); %3 waiting.</source>
        <translation>已分 %2 批推送 %1 项变更；%3 项待推送。</translation>
    </message>
    <message>
        <source>hq %1 needs --operator (the owner; password from PAYDESK_PASSWORD).</source>
        <translation>hq %1 需要 --operator（店主；密码取自 PAYDESK_PASSWORD）。</translation>
    </message>
    <message>
        <source>Only the owner may join this till to a head office.</source>
        <translation>只有店主可以将此收银台接入总部。</translation>
    </message>
    <message>
        <source>hq join needs --url, --store and --till.</source>
        <translation>hq join 需要 --url、--store 和 --till。</translation>
    </message>
    <message>
        <source>Head office on PostgreSQL: paydesk hq init|migrate|add-store|add-till|add-reader|report (with --url) and join|push|status|leave (this till).</source>
        <translation>基于 PostgreSQL 的总部：paydesk hq init|migrate|add-store|add-till|add-reader|report（需 --url），以及 join|push|status|leave（本收银台）。</translation>
    </message>
    <message>
        <source>init, migrate, add-store, add-till, add-reader, report, join, push, status or leave.</source>
        <translation>init、migrate、add-store、add-till、add-reader、report、join、push、status 或 leave。</translation>
    </message>
    <message>
        <source>Head office: postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full (password from PGPASSWORD or ~/.pgpass; for join from PAYDESK_HQ_PASSWORD).</source>
        <translation>总部：postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full（密码取自 PGPASSWORD 或 ~/.pgpass；join 时取自 PAYDESK_HQ_PASSWORD）。</translation>
    </message>
    <message>
        <source>Store id.</source>
        <translation>门店编号。</translation>
    </message>
    <message>
        <source>Till id.</source>
        <translation>收银台编号。</translation>
    </message>
    <message>
        <source>add-store: the store&apos;s name.</source>
        <translation>add-store：门店名称。</translation>
    </message>
    <message>
        <source>add-store: its time zone (default Asia/Shanghai).</source>
        <translation>add-store：门店时区（默认 Asia/Shanghai）。</translation>
    </message>
    <message>
        <source>add-reader: the reader&apos;s role name.</source>
        <translation>add-reader：只读账户的角色名。</translation>
    </message>
    <message>
        <source>report: the business day, e.g. 2026-11-23.</source>
        <translation>report：营业日，例如 2026-11-23。</translation>
    </message>
    <message>
        <source>join/leave: the owner (password from PAYDESK_PASSWORD).</source>
        <translation>join/leave：店主（密码取自 PAYDESK_PASSWORD）。</translation>
    </message>
    <message>
        <source>join: seconds between background pushes (default 30).</source>
        <translation>join：后台推送间隔秒数（默认 30）。</translation>
    </message>
    <message>
        <source>%1 %2: already imported (%3 lines).</source>
        <translation>%1 %2：已导入（%3 行）。</translation>
    </message>
    <message>
        <source>%1 %2: %3 lines imported, fees %4 minor units.</source>
        <translation>%1 %2：已导入 %3 行，手续费 %4（最小货币单位）。</translation>
    </message>
    <message>
        <source>Cannot read the statement file %1: %2</source>
        <translation>无法读取对账单文件 %1：%2</translation>
    </message>
    <message>
        <source>Download and import the providers&apos; statements: paydesk sync [--date D] [--provider P], or a file saved from the merchant portal: paydesk sync --file BILL [--provider P].</source>
        <translation>下载并导入各支付机构的对账单：paydesk sync [--date D] [--provider P]，或导入从商户平台保存的文件：paydesk sync --file BILL [--provider P]。</translation>
    </message>
    <message>
        <source>Business day, e.g. 2026-11-23 (default: every day since the last one synced, up to yesterday).</source>
        <translation>营业日，例如 2026-11-23（默认：自上次同步以来直到昨天的每一天）。</translation>
    </message>
    <message>
        <source>Only this provider (its registry id).</source>
        <translation>仅限此支付机构（其注册编号）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date like 2026-11-23.</source>
        <translation>“%1”不是 2026-11-23 这样的日期。</translation>
    </message>
    <message>
        <source>There is no payment provider &quot;%1&quot;.</source>
        <translation>没有支付机构“%1”。</translation>
    </message>
    <message>
        <source>This till has no account with %1.</source>
        <translation>此收银台没有 %1 的账户。</translation>
    </message>
    <message>
        <source>The providers did not answer in time.</source>
        <translation>支付机构未能及时响应。</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>Nothing to sync: every day up to yesterday is imported.</source>
        <translation>无需同步：直到昨天的每一天都已导入。</translation>
    </message>
    <message>
        <source>  %1 %2: books %3, statement %4 (%5 lines, %6 unmatched), fees %7, paid out %8, difference %9, open exceptions %10
</source>
        <translation>  %1 %2：账簿 %3，对账单 %4（%5 行，%6 行未匹配），手续费 %7，已结算 %8，差额 %9，未处理异常 %10
</translation>
    </message>
    <message>
        <source>%1 fund statement %2: already imported (%3 payouts).</source>
        <translation>%1 资金账单 %2：已导入（%3 笔结算）。</translation>
    </message>
    <message>
        <source>%1 fund statement %2: %3 payouts, %4 booked now (%5 minor units).</source>
        <translation>%1 资金账单 %2：%3 笔结算，本次入账 %4 笔（%5 分）。</translation>
    </message>
    <message>
        <source>%1 fund statement %2: %3</source>
        <translation>%1 资金账单 %2：%3</translation>
    </message>
    <message>
        <source>Import this statement file (a trade statement or a fund-flow statement) instead of downloading.</source>
        <translation>导入此对账单文件（交易账单或资金账单），不再下载。</translation>
    </message>
</context>
<context>
    <name>ControlApi</name>
    <message>
        <source>No such control call.</source>
        <translation>没有该控制接口。</translation>
    </message>
    <message>
        <source>Use GET or POST.</source>
        <translation>请使用 GET 或 POST。</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>请求体必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>public_key must be an RSA public key in PEM: %1</source>
        <translation>public_key 必须是 PEM 格式的 RSA 公钥：%1</translation>
    </message>
    <message>
        <source>balance_minor must be a non-negative whole number of fen.</source>
        <translation>balance_minor 必须是以分为单位的非负整数。</translation>
    </message>
    <message>
        <source>No buyer %1.</source>
        <translation>没有买家 %1。</translation>
    </message>
    <message>
        <source>The trade is already paid.</source>
        <translation>该交易已支付。</translation>
    </message>
    <message>
        <source>The trade is closed.</source>
        <translation>该交易已关闭。</translation>
    </message>
    <message>
        <source>Give &quot;qr&quot; or &quot;out_trade_no&quot;.</source>
        <translation>请提供 &quot;qr&quot; 或 &quot;out_trade_no&quot;。</translation>
    </message>
    <message>
        <source>No such trade.</source>
        <translation>没有该交易。</translation>
    </message>
    <message>
        <source>No such buyer.</source>
        <translation>没有该买家。</translation>
    </message>
    <message>
        <source>Register an app first.</source>
        <translation>请先注册应用。</translation>
    </message>
    <message>
        <source>That trade already exists.</source>
        <translation>该交易已存在。</translation>
    </message>
    <message>
        <source>Payment successful.</source>
        <translation>支付成功。</translation>
    </message>
    <message>
        <source>The sandbox does not speak %1 yet.</source>
        <translation>沙箱暂不支持 %1。</translation>
    </message>
    <message>
        <source>provider must be one of %1.</source>
        <translation>provider 必须是以下之一：%1。</translation>
    </message>
    <message>
        <source>The trade is not waiting for the buyer&apos;s password.</source>
        <translation>该交易不在等待买家输入密码。</translation>
    </message>
    <message>
        <source>kind must be orphan_payment, amount_mismatch, late_success, fee_mismatch or duplicate_line.</source>
        <translation>kind 必须是 orphan_payment、amount_mismatch、late_success、fee_mismatch 或 duplicate_line。</translation>
    </message>
    <message>
        <source>The trade is not paid.</source>
        <translation>该交易尚未支付。</translation>
    </message>
    <message>
        <source>The sandbox does not speak &quot;%1&quot;.</source>
        <translation>沙箱不支持“%1”。</translation>
    </message>
    <message>
        <source>&quot;day&quot; must be yyyy-MM-dd.</source>
        <translation>“day”必须为 yyyy-MM-dd 格式。</translation>
    </message>
    <message>
        <source>&quot;late_days&quot; must be 0 to 60 and &quot;short_minor&quot; not negative.</source>
        <translation>“late_days”必须在 0 到 60 之间，“short_minor”不能为负数。</translation>
    </message>
</context>
<context>
    <name>CredentialCheck</name>
    <message>
        <source>%1 is missing.</source>
        <translation>缺少%1。</translation>
    </message>
    <message>
        <source>%1 does not look right.</source>
        <translation>%1看起来不正确。</translation>
    </message>
    <message>
        <source>%1 does not look right: expected %2.</source>
        <translation>%1看起来不正确：应为%2。</translation>
    </message>
    <message>
        <source>%1 must be a web address starting with https://.</source>
        <translation>%1必须是以 https:// 开头的网址。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 is a public key. Paste or import the private key here (it begins with &quot;-----BEGIN PRIVATE KEY-----&quot; or is the longer Base64 text).</source>
        <translation>%1是公钥。请在此粘贴或导入私钥（以“-----BEGIN PRIVATE KEY-----”开头，或为较长的 Base64 文本）。</translation>
    </message>
    <message>
        <source>%1 is an RSA key of %2 bits; at least 2048 are needed.</source>
        <translation>%1是 %2 位的 RSA 密钥；至少需要 2048 位。</translation>
    </message>
    <message>
        <source>%1 is the public half of the %2, i.e. your own key. Copy the provider&apos;s public key from the console instead.</source>
        <translation>%1是%2的公钥部分，即您自己的密钥。请改为从控制台复制支付机构的公钥。</translation>
    </message>
    <message>
        <source>%1 refused Paydesk&apos;s signature: the %2 does not belong to the public key registered for this %3. Paste the public key shown here into the %1 console, or import the private key that belongs to the one registered there.</source>
        <translation>%1拒绝了 Paydesk 的签名：该%2与此%3登记的公钥不匹配。请将此处显示的公钥粘贴到%1控制台，或导入与该处登记公钥对应的私钥。</translation>
    </message>
    <message>
        <source>%1 answered, but its answer does not verify with the %2 you entered. Copy the %2 from the console again (it is %1&apos;s key, not your app&apos;s).</source>
        <translation>%1已应答，但其应答无法用您填写的%2验证。请从控制台重新复制%2（这是%1的公钥，不是您应用的公钥）。</translation>
    </message>
    <message>
        <source>Paydesk could not reach %1 (%2). Check the internet connection and the gateway address, then try again.</source>
        <translation>Paydesk 无法连接%1（%2）。请检查网络连接和网关地址，然后重试。</translation>
    </message>
    <message>
        <source>%1 refused the request: %2 (%3). Check the %4.</source>
        <translation>%1拒绝了请求：%2（%3）。请检查%4。</translation>
    </message>
    <message>
        <source>%1 did not confirm the account: %2 (%3).</source>
        <translation>%1未确认该账户：%2（%3）。</translation>
    </message>
</context>
<context>
    <name>Crypto</name>
    <message>
        <source>The key is empty.</source>
        <translation>密钥为空。</translation>
    </message>
    <message>
        <source>The key is protected by a passphrase. Export it without one.</source>
        <translation>该密钥受密码短语保护，请导出不带密码的密钥。</translation>
    </message>
    <message>
        <source>The key is neither PEM nor Base64. Paste the whole key text.</source>
        <translation>该密钥既不是 PEM 也不是 Base64 格式，请粘贴完整的密钥文本。</translation>
    </message>
    <message>
        <source>The text is not a readable RSA key (PKCS#8, PKCS#1 or X.509 public key).</source>
        <translation>该文本不是可读取的 RSA 密钥（PKCS#8、PKCS#1 或 X.509 公钥）。</translation>
    </message>
    <message>
        <source>The key is not an RSA key.</source>
        <translation>该密钥不是 RSA 密钥。</translation>
    </message>
    <message>
        <source>An RSA key must have between 2048 and 16384 bits.</source>
        <translation>RSA 密钥长度必须在 2048 到 16384 位之间。</translation>
    </message>
    <message>
        <source>The RSA key could not be generated.</source>
        <translation>无法生成 RSA 密钥。</translation>
    </message>
    <message>
        <source>Signing needs a private key.</source>
        <translation>签名需要私钥。</translation>
    </message>
    <message>
        <source>The data could not be signed.</source>
        <translation>无法对数据进行签名。</translation>
    </message>
    <message>
        <source>An AES-256 key must be exactly 32 bytes.</source>
        <translation>AES-256 密钥必须正好为 32 字节。</translation>
    </message>
    <message>
        <source>An AES-GCM nonce must not be empty.</source>
        <translation>AES-GCM 随机数（nonce）不能为空。</translation>
    </message>
    <message>
        <source>The data could not be encrypted.</source>
        <translation>无法加密数据。</translation>
    </message>
    <message>
        <source>The encrypted data could not be decrypted: it was altered, or the key is wrong.</source>
        <translation>无法解密数据：数据已被篡改，或密钥不正确。</translation>
    </message>
    <message>
        <source>The scrypt parameters are invalid.</source>
        <translation>scrypt 参数无效。</translation>
    </message>
    <message>
        <source>The password could not be processed.</source>
        <translation>无法处理密码。</translation>
    </message>
    <message>
        <source>The text is not valid Base32.</source>
        <translation>该文本不是有效的 Base32 编码。</translation>
    </message>
    <message>
        <source>The field could not be encrypted.</source>
        <translation>无法加密该字段。</translation>
    </message>
    <message>
        <source>The field could not be decrypted.</source>
        <translation>无法解密该字段。</translation>
    </message>
    <message>
        <source>The text is not a readable certificate.</source>
        <translation>该文本不是可读取的证书。</translation>
    </message>
    <message>
        <source>The certificate holds no usable key.</source>
        <translation>该证书不含可用的密钥。</translation>
    </message>
</context>
<context>
    <name>CustomerHelp</name>
    <message>
        <source>The payment did not go through. Please try again or pay another way. If your phone shows that money was taken, show it to the cashier: it is looked up at once and comes back to you.</source>
        <translation>付款未成功。请重试或换一种方式付款。如果您的手机显示已扣款，请出示给收银员：我们会立即查询，款项会退还给您。</translation>
    </message>
    <message>
        <source>%1 is on its way back to your %2 account. It usually arrives within minutes, at most in a few working days.</source>
        <translation>%1 正在退回您的%2账户，通常几分钟内到账，最迟几个工作日。</translation>
    </message>
    <message>
        <source>Your refund of %1 has been requested from %2. Keep your receipt; if it has not arrived in a few working days, come back with it.</source>
        <translation>您的 %1 退款已向%2提交申请。请保留小票；如几个工作日后仍未到账，请凭小票前来。</translation>
    </message>
    <message>
        <source>Safety tip: before you pay, check that your phone shows this store as the payee, and do not pay over a Wi-Fi network you do not trust.</source>
        <translation>安全提示：付款前请确认手机显示的收款方是本店，不要在不可信的 Wi-Fi 网络下付款。</translation>
    </message>
    <message>
        <source>Safety tip: a refund never needs your password or payment code. Nobody from the store or the provider will ask you for them.</source>
        <translation>安全提示：退款绝不需要您的密码或付款码。本店和支付机构的工作人员都不会向您索要。</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation>付款链接</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message numerus="yes">
        <source>Sales by day, last %n day(s) (gross, ¥)</source>
        <translation>
            <numerusform>最近 %n 天每日销售额（总额，¥）</numerusform>
        </translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Sales by hour of day (gross, ¥)</source>
        <translation>按时段销售额（总额，¥）</translation>
    </message>
    <message>
        <source>Best hours: %1</source>
        <translation>高峰时段：%1</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Sales by provider (gross)</source>
        <translation>按支付机构销售额（总额）</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Sales by payment kind (gross)</source>
        <translation>按收款方式销售额（总额）</translation>
    </message>
    <message>
        <source>Payment kind</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <source>Ticket sizes (number of sales per ¥ band)</source>
        <translation>客单价分布（各 ¥ 区间的销售笔数）</translation>
    </message>
    <message>
        <source>Ticket size</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Returning payers (all tills)</source>
        <translation>回头客（所有收银台）</translation>
    </message>
    <message numerus="yes">
        <source>%1% of %n payer(s) in this range had paid before it.</source>
        <translation>
            <numerusform>本时段 %n 位付款人中，%1% 此前曾付过款。</numerusform>
        </translation>
    </message>
    <message>
        <source>Returning</source>
        <translation>回头客</translation>
    </message>
    <message>
        <source>First time</source>
        <translation>首次</translation>
    </message>
    <message>
        <source>Payers</source>
        <translation>付款人</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The database refused an operation: %1</source>
        <translation>数据库拒绝了操作：%1</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>The migration %1 has no version number.</source>
        <translation>数据库升级脚本 %1 缺少版本号。</translation>
    </message>
    <message>
        <source>Cannot read the migration %1.</source>
        <translation>无法读取数据库升级脚本 %1。</translation>
    </message>
    <message>
        <source>Upgrading the database failed at step %1 (%2); nothing was changed. %3</source>
        <translation>数据库升级在第 %1 步（%2）失败，数据未作任何改动。%3</translation>
    </message>
    <message>
        <source>The database file %1 is damaged (corrupt): %2</source>
        <translation>数据库文件 %1 已损坏：%2</translation>
    </message>
    <message>
        <source>The disk holding the data folder %1 is full, so this was not saved. Free disk space on it (or move the data folder to a larger disk), then try again.</source>
        <translation>数据文件夹 %1 所在的磁盘已满，因此未能保存。请释放该磁盘空间（或将数据文件夹移到更大的磁盘），然后重试。</translation>
    </message>
    <message>
        <source>The data folder %1 cannot be written to (read-only), so this was not saved. Check the data folder: the disk may be write-protected, mounted read-only or failing. Make it writable, then try again.</source>
        <translation>数据文件夹 %1 无法写入（只读），因此未能保存。请检查数据文件夹：磁盘可能被写保护、以只读方式挂载或出现故障。使其可写后重试。</translation>
    </message>
    <message>
        <source>The disk holding the data folder %1 reported an error (%2), so this was not saved. Check the disk and the data folder, then try again.</source>
        <translation>数据文件夹 %1 所在的磁盘报告错误（%2），因此未能保存。请检查磁盘和数据文件夹，然后重试。</translation>
    </message>
</context>
<context>
    <name>DayReportWriter</name>
    <message>
        <source>open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <source>Daily reconciliation report</source>
        <translation>每日对账报表</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Business day %1 (00:00 to 24:00, the providers&apos; day)</source>
        <translation>营业日 %1（00:00 至 24:00，以支付机构的日期为准）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Closed (signed off)</source>
        <translation>已关闭（已签核）</translation>
    </message>
    <message>
        <source>Open (not signed off)</source>
        <translation>未关闭（未签核）</translation>
    </message>
    <message>
        <source>Totals (CNY)</source>
        <translation>合计（人民币）</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Net (expected settlement)</source>
        <translation>净额（应结算）</translation>
    </message>
    <message>
        <source>Clearing balance</source>
        <translation>待结算余额</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>已结算</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <source>Refund count</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>%1 statement line(s) matched, %2 exception(s).</source>
        <translation>已匹配 %1 行对账单，%2 项差异。</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>None: the books match the statements.</source>
        <translation>无：账簿与对账单一致。</translation>
    </message>
    <message>
        <source>Class / provider</source>
        <translation>类别 / 支付机构</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>Provider amount</source>
        <translation>支付机构金额</translation>
    </message>
    <message>
        <source>Suggested action</source>
        <translation>建议操作</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>签核</translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation>签核人</translation>
    </message>
    <message>
        <source>At (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Audit log head</source>
        <translation>审计日志最新记录</translation>
    </message>
    <message>
        <source>entry %1, keyed hash %2</source>
        <translation>第 %1 条，带密钥哈希 %2</translation>
    </message>
    <message>
        <source>Not signed off yet: these figures may still change.</source>
        <translation>尚未签核：这些数字仍可能变动。</translation>
    </message>
    <message>
        <source>Daily reconciliation report %1</source>
        <translation>每日对账报表 %1</translation>
    </message>
    <message>
        <source>the PDF could not be started</source>
        <translation>无法开始生成 PDF</translation>
    </message>
    <message>
        <source>%1 · %2 · page %3 of %4</source>
        <translation>%1 · %2 · 第 %3 页，共 %4 页</translation>
    </message>
    <message>
        <source>the PDF could not be finished</source>
        <translation>无法完成 PDF</translation>
    </message>
    <message>
        <source>nothing was written</source>
        <translation>未写入任何内容</translation>
    </message>
    <message>
        <source>%1: the file name must end in .csv, .json or .pdf.</source>
        <translation>%1：文件名必须以 .csv、.json 或 .pdf 结尾。</translation>
    </message>
    <message>
        <source>a PDF needs the fonts of a graphical session (run it from paydesk or paydeskctl with --out FILE.pdf).</source>
        <translation>生成 PDF 需要图形会话的字体（请在 paydesk 或 paydeskctl 中使用 --out FILE.pdf 运行）。</translation>
    </message>
</context>
<context>
    <name>DocumentCheck</name>
    <message>
        <source>Use a JPG, PNG or BMP photo whose file name ends in its type (.jpg, .png, .bmp).</source>
        <translation>请使用 JPG、PNG 或 BMP 照片，文件扩展名须与类型一致（.jpg、.png、.bmp）。</translation>
    </message>
    <message>
        <source>This file is too small (%1 KB) to be a readable photo: take a new one.</source>
        <translation>该文件过小（%1 KB），无法作为清晰的照片：请重新拍摄。</translation>
    </message>
    <message>
        <source>This photo is %1 MB; the providers take at most 2 MB. Save it smaller or at a lower quality.</source>
        <translation>该照片大小为 %1 MB；支付机构最多接受 2 MB。请缩小尺寸或降低画质后保存。</translation>
    </message>
    <message>
        <source>This file cannot be read as an image: %1</source>
        <translation>该文件无法作为图片读取：%1</translation>
    </message>
    <message>
        <source>This photo is %1×%2 pixels; at least %3×%4 are needed to read it. Take it again closer or with a better camera.</source>
        <translation>该照片为 %1×%2 像素；至少需要 %3×%4 像素才能识别。请靠近些或换用更好的相机重新拍摄。</translation>
    </message>
    <message>
        <source>This photo looks too dark: retake it in better light.</source>
        <translation>该照片太暗：请在光线更好的地方重新拍摄。</translation>
    </message>
    <message>
        <source>This photo looks unclear: retake it.</source>
        <translation>该照片不清晰：请重新拍摄。</translation>
    </message>
</context>
<context>
    <name>DraftStore</name>
    <message>
        <source>A draft needs a page key.</source>
        <translation>草稿需要页面键。</translation>
    </message>
    <message>
        <source>The saved draft of this page cannot be decrypted: %1</source>
        <translation>无法解密此页面保存的草稿：%1</translation>
    </message>
</context>
<context>
    <name>EscPosEncoder</name>
    <message>
        <source>Receipt</source>
        <translation>收银小票</translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>谢谢惠顾</translation>
    </message>
    <message>
        <source>REFUND</source>
        <translation>退款</translation>
    </message>
</context>
<context>
    <name>ExportCommands</name>
    <message>
        <source>Export the journal for an accountant: paydesk export --from D --to D --format csv|beancount [--out FILE] --operator NAME.</source>
        <translation>为会计导出日记账：paydesk export --from D --to D --format csv|beancount [--out FILE] --operator NAME。</translation>
    </message>
    <message>
        <source>First store day, e.g. 2026-11-01.</source>
        <translation>门店的第一天，例如 2026-11-01。</translation>
    </message>
    <message>
        <source>Last store day, e.g. 2026-11-30.</source>
        <translation>门店的最后一天，例如 2026-11-30。</translation>
    </message>
    <message>
        <source>csv (general journal) or beancount.</source>
        <translation>csv（普通日记账）或 beancount。</translation>
    </message>
    <message>
        <source>Write to this file (default: standard output).</source>
        <translation>写入此文件（默认：标准输出）。</translation>
    </message>
    <message>
        <source>An owner or manager (password in PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP).</source>
        <translation>店主或店长（密码在 PAYDESK_PASSWORD 中，验证器动态验证码在 PAYDESK_TOTP 中）。</translation>
    </message>
    <message>
        <source>--from and --to need dates like 2026-11-23, the first not after the second.</source>
        <translation>--from 和 --to 需要 2026-11-23 这样的日期，且前者不得晚于后者。</translation>
    </message>
    <message>
        <source>--format must be csv or beancount.</source>
        <translation>--format 必须是 csv 或 beancount。</translation>
    </message>
    <message>
        <source>Only an owner or a manager may export the books.</source>
        <translation>只有店主或店长可以导出账簿。</translation>
    </message>
    <message>
        <source>Cannot write to standard output.</source>
        <translation>无法写入标准输出。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 journal entries (%2 postings) written to %3.</source>
        <translation>已将 %1 条日记账分录（%2 笔过账）写入 %3。</translation>
    </message>
</context>
<context>
    <name>FailureLabels</name>
    <message>
        <source>Insufficient balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>Expired or invalid payment code</source>
        <translation>付款码已过期或无效</translation>
    </message>
    <message>
        <source>Unsupported wallet</source>
        <translation>不支持的钱包</translation>
    </message>
    <message>
        <source>Payment limit exceeded</source>
        <translation>超出支付限额</translation>
    </message>
    <message>
        <source>Amount too large</source>
        <translation>金额过大</translation>
    </message>
    <message>
        <source>Network trouble</source>
        <translation>网络故障</translation>
    </message>
    <message>
        <source>Provider busy</source>
        <translation>支付机构繁忙</translation>
    </message>
    <message>
        <source>Trade not found</source>
        <translation>交易不存在</translation>
    </message>
    <message>
        <source>Already paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Trade closed</source>
        <translation>交易已关闭</translation>
    </message>
    <message>
        <source>Signature check failed</source>
        <translation>验签失败</translation>
    </message>
    <message>
        <source>Rejected request</source>
        <translation>请求被拒绝</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>无权限</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Other (%1)</source>
        <translation>其他（%1）</translation>
    </message>
</context>
<context>
    <name>FaultPlan</name>
    <message>
        <source>Fault &quot;%1&quot; needs the form name:value.</source>
        <translation>故障“%1”的格式应为 name:value。</translation>
    </message>
    <message>
        <source>latency_ms must be a whole number of milliseconds between 0 and 600000, not &quot;%1&quot;.</source>
        <translation>latency_ms 必须是 0 到 600000 之间的整数毫秒数，而不是“%1”。</translation>
    </message>
    <message>
        <source>The probability of %1 must be between 0 and 1, not &quot;%2&quot;.</source>
        <translation>%1 的概率必须在 0 到 1 之间，而不是“%2”。</translation>
    </message>
    <message>
        <source>Unknown fault &quot;%1&quot;. Known: latency_ms, timeout, drop_response, http_5xx, userpaying, dup_notify, late_success.</source>
        <translation>未知故障“%1”。可用的有：latency_ms、timeout、drop_response、http_5xx、userpaying、dup_notify、late_success。</translation>
    </message>
</context>
<context>
    <name>HqConnection</name>
    <message>
        <source>Head office refused: %1</source>
        <translation>总部拒绝：%1</translation>
    </message>
    <message>
        <source>The PostgreSQL driver for Qt is not installed (Debian: libqt6sql6-psql).</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动（Debian：libqt6sql6-psql）。</translation>
    </message>
    <message>
        <source>Cannot reach head office at %1: %2</source>
        <translation>无法连接位于 %1 的总部：%2</translation>
    </message>
</context>
<context>
    <name>HqEndpoint</name>
    <message>
        <source>&quot;%1&quot; is not a head-office address like postgresql://till@hq.example.com:5432/paydesk?sslmode=verify-full.</source>
        <translation>“%1”不是有效的总部地址，例如 postgresql://till@hq.example.com:5432/paydesk?sslmode=verify-full。</translation>
    </message>
    <message>
        <source>The head-office address has an option Paydesk does not pass on: %1.</source>
        <translation>总部地址中有 Paydesk 不会传递的选项：%1。</translation>
    </message>
</context>
<context>
    <name>HqReport</name>
    <message>
        <source>The report needs a business day.</source>
        <translation>报表需要指定营业日。</translation>
    </message>
</context>
<context>
    <name>HqSchema</name>
    <message>
        <source>The migration %1 has no version number.</source>
        <translation>迁移 %1 没有版本号。</translation>
    </message>
    <message>
        <source>Cannot read the migration %1.</source>
        <translation>无法读取迁移 %1。</translation>
    </message>
    <message>
        <source>Upgrading head office failed at step %1 (%2); nothing was changed. %3</source>
        <translation>总部升级在第 %1 步（%2）失败；未做任何更改。%3</translation>
    </message>
    <message>
        <source>A store id is 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>门店编号为 1 到 32 个字母、数字、“-”或“_”。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone PostgreSQL knows.</source>
        <translation>“%1”不是 PostgreSQL 认识的时区。</translation>
    </message>
    <message>
        <source>Store and till ids are 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>门店和收银台编号为 1 到 32 个字母、数字、“-”或“_”。</translation>
    </message>
    <message>
        <source>A till&apos;s head-office password has at least 12 characters.</source>
        <translation>收银台的总部密码至少 12 个字符。</translation>
    </message>
    <message>
        <source>Till %1 of store %2 is already registered.</source>
        <translation>门店 %2 的收银台 %1 已注册。</translation>
    </message>
    <message>
        <source>A reader&apos;s name is lower-case letters, digits and &apos;_&apos;.</source>
        <translation>只读账户名由小写字母、数字和“_”组成。</translation>
    </message>
    <message>
        <source>A head-office password has at least 12 characters.</source>
        <translation>总部密码至少 12 个字符。</translation>
    </message>
</context>
<context>
    <name>HqSettings</name>
    <message>
        <source>This till is not joined to a head office (paydeskctl hq join).</source>
        <translation>此收银台未接入总部（paydeskctl hq join）。</translation>
    </message>
    <message>
        <source>Store and till ids are 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation>门店和收银台编号为 1 到 32 个字母、数字、“-”或“_”。</translation>
    </message>
    <message>
        <source>Pushing more often than every 5 seconds is not useful.</source>
        <translation>推送间隔短于 5 秒没有意义。</translation>
    </message>
</context>
<context>
    <name>JournalExporter</name>
    <message>
        <source>The range needs two dates, the first not after the second.</source>
        <translation>日期范围需要两个日期，且前者不得晚于后者。</translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message>
        <source>A journal entry needs at least two postings.</source>
        <translation>一笔记账凭证至少需要两条分录。</translation>
    </message>
    <message>
        <source>A posting cannot be zero.</source>
        <translation>分录金额不能为零。</translation>
    </message>
    <message>
        <source>The entry&apos;s amounts are too large.</source>
        <translation>凭证金额过大。</translation>
    </message>
    <message>
        <source>The entry does not balance: debits and credits differ by %1 minor units.</source>
        <translation>凭证借贷不平：借贷相差 %1 分。</translation>
    </message>
    <message>
        <source>The posting to account &quot;%1&quot; was refused: %2</source>
        <translation>记入科目“%1”的分录被拒绝：%2</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message numerus="yes">
        <source>Too many decimal places: at most %n allowed.</source>
        <translation>
            <numerusform>小数位数过多：最多允许 %n 位。</numerusform>
        </translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
    <message>
        <source>This currency has no decimal places.</source>
        <translation>该币种没有小数位。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount. Use digits and at most one decimal mark.</source>
        <translation>“%1”不是有效金额。请只输入数字和最多一个小数点。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount.</source>
        <translation>“%1”不是有效金额。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>Malformed amount &quot;%1&quot;.</source>
        <translation>金额格式错误：“%1”。</translation>
    </message>
    <message>
        <source>Cannot combine %1 with %2.</source>
        <translation>不能把 %1 与 %2 合并计算。</translation>
    </message>
    <message>
        <source>Nothing to split the amount into.</source>
        <translation>没有可分摊的对象。</translation>
    </message>
    <message>
        <source>Split weights cannot be negative.</source>
        <translation>分摊比例不能为负数。</translation>
    </message>
    <message>
        <source>Split weights add up to zero.</source>
        <translation>分摊比例之和为零。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount: digit grouping is wrong.</source>
        <translation>“%1”不是有效金额：千位分隔符位置不对。</translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message>
        <source>The system random generator failed.</source>
        <translation>系统随机数生成器出错。</translation>
    </message>
    <message>
        <source>The store already has an owner.</source>
        <translation>本店已有店主。</translation>
    </message>
    <message>
        <source>There is already an operator called %1.</source>
        <translation>已有名为 %1 的操作员。</translation>
    </message>
    <message>
        <source>There is no operator called %1.</source>
        <translation>没有名为 %1 的操作员。</translation>
    </message>
    <message>
        <source>You cannot disable yourself.</source>
        <translation>不能停用自己。</translation>
    </message>
    <message>
        <source>The store must keep at least one owner.</source>
        <translation>本店必须至少保留一名店主。</translation>
    </message>
    <message>
        <source>Nobody is logged in.</source>
        <translation>当前无人登录。</translation>
    </message>
    <message>
        <source>The operator no longer exists.</source>
        <translation>该操作员已不存在。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
    <message>
        <source>Choose a password different from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation>操作员名称或密码错误。</translation>
    </message>
    <message>
        <source>This operator is disabled. Ask the owner.</source>
        <translation>该操作员已被停用，请联系店主。</translation>
    </message>
    <message>
        <source>Enter the code from your authenticator app.</source>
        <translation>请输入身份验证器应用中的动态验证码。</translation>
    </message>
    <message>
        <source>Two-factor authentication is not set up for this operator.</source>
        <translation>该操作员尚未设置二次验证。</translation>
    </message>
    <message>
        <source>This code was already used. Wait for the next one.</source>
        <translation>该验证码已使用过，请等待下一个。</translation>
    </message>
    <message>
        <source>The code is wrong or has expired.</source>
        <translation>验证码错误或已过期。</translation>
    </message>
    <message>
        <source>Start the two-factor setup again.</source>
        <translation>请重新开始设置二次验证。</translation>
    </message>
    <message>
        <source>The code does not match. Check the phone&apos;s time and try again.</source>
        <translation>验证码不匹配。请检查手机时间后重试。</translation>
    </message>
    <message>
        <source>Enter a code from your authenticator app to confirm.</source>
        <translation>请输入身份验证器应用中的动态验证码以确认。</translation>
    </message>
</context>
<context>
    <name>Order</name>
    <message>
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation>等待顾客付款</translation>
    </message>
    <message>
        <source>Checking with the provider</source>
        <translation>正在向支付机构确认</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>支付失败</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>OrderRepository</name>
    <message>
        <source>The order number &quot;%1&quot; is not valid.</source>
        <translation>订单号“%1”无效。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>Order created</source>
        <translation>订单已创建</translation>
    </message>
    <message>
        <source>The new order could not be read back.</source>
        <translation>无法读回新建的订单。</translation>
    </message>
    <message>
        <source>There is no order %1.</source>
        <translation>订单 %1 不存在。</translation>
    </message>
    <message>
        <source>Order %1 cannot go from %2 to %3.</source>
        <translation>订单 %1 不能从“%2”变为“%3”。</translation>
    </message>
    <message>
        <source>Sale %1 (%2)</source>
        <translation>销售 %1（%2）</translation>
    </message>
    <message>
        <source>Taken over by %1 from %2</source>
        <translation>由 %1 从 %2 接管</translation>
    </message>
    <message>
        <source>an unknown process</source>
        <translation>未知进程</translation>
    </message>
</context>
<context>
    <name>PasswordPolicy</name>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>密码至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>This is one of the most common passwords; pick something less guessable.</source>
        <translation>这是最常见的密码之一，请换一个不易被猜到的密码。</translation>
    </message>
    <message>
        <source>Do not use the store&apos;s name in the password.</source>
        <translation>密码中不要包含店名。</translation>
    </message>
    <message>
        <source>Do not use your own name in the password.</source>
        <translation>密码中不要包含您自己的名字。</translation>
    </message>
    <message>
        <source>A run of the same or consecutive characters is easy to guess.</source>
        <translation>连续或重复的字符很容易被猜到。</translation>
    </message>
    <message>
        <source>Mix upper and lower case letters, digits and symbols, or use a longer phrase.</source>
        <translation>请混合使用大小写字母、数字和符号，或使用更长的短语。</translation>
    </message>
    <message>
        <source>A longer passphrase of several unrelated words is stronger.</source>
        <translation>由几个不相关的词组成的较长密码短语更安全。</translation>
    </message>
    <message>
        <source>Avoid repeating the same characters.</source>
        <translation>避免重复使用相同的字符。</translation>
    </message>
    <message>
        <source>Too easy to guess: make it longer or more varied.</source>
        <translation>太容易被猜到：请加长或增加变化。</translation>
    </message>
</context>
<context>
    <name>PayerHasher</name>
    <message>
        <source>The payer-hashing salt is damaged.</source>
        <translation>付款人哈希盐值已损坏。</translation>
    </message>
    <message>
        <source>The system random generator failed.</source>
        <translation>系统随机数生成器出错。</translation>
    </message>
    <message>
        <source>There is no payer identifier to hash.</source>
        <translation>没有可哈希的付款人标识。</translation>
    </message>
</context>
<context>
    <name>PaymentCodeRouter</name>
    <message>
        <source>No payment code was scanned.</source>
        <translation>未扫描到付款码。</translation>
    </message>
    <message>
        <source>This is not a payment code: it must be digits only. Ask the customer to open the payment code in %1 and scan it again.</source>
        <translation>这不是付款码：付款码只能是数字。请顾客在%1中打开付款码后重新扫描。</translation>
    </message>
    <message>
        <source>%1 payment codes are not supported yet. Ask the customer to pay with %2, or take cash.</source>
        <translation>暂不支持%1付款码。请顾客改用%2付款，或收取现金。</translation>
    </message>
    <message numerus="yes">
        <source>This payment code is not recognised (%n digits). Ask the customer to show the %1 payment code again.</source>
        <translation>
            <numerusform>无法识别此付款码（%n 位数字）。请顾客重新出示%1付款码。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaymentExceptions</name>
    <message>
        <source>There is no open payment exception %1.</source>
        <translation>没有未处理的付款异常 %1。</translation>
    </message>
</context>
<context>
    <name>PaymentLookup</name>
    <message>
        <source>Give the time window in which the customer paid.</source>
        <translation>请填写顾客付款的时间范围。</translation>
    </message>
    <message>
        <source>The end of the time window is before its start.</source>
        <translation>时间范围的结束时间早于开始时间。</translation>
    </message>
    <message numerus="yes">
        <source>Search at most %n days at a time.</source>
        <translation>
            <numerusform>每次最多查询 %n 天。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the amount the customer paid, more than zero.</source>
        <translation>请输入顾客支付的金额，须大于零。</translation>
    </message>
    <message>
        <source>Enter the transaction id or order number from the customer&apos;s phone or receipt, or the amount and when they paid.</source>
        <translation>请输入顾客手机或小票上的交易号或订单号，或输入金额和付款时间。</translation>
    </message>
    <message>
        <source>A cash sale: the money is in the drawer, no provider was involved.</source>
        <translation>现金销售：钱已在钱箱中，不涉及支付机构。</translation>
    </message>
    <message>
        <source>The provider of this order is not connected, so it cannot be asked now. Try again when the till is online.</source>
        <translation>该订单的支付机构未连接，暂时无法查询。请在收银台联网后重试。</translation>
    </message>
    <message>
        <source>The provider did not answer; whether money moved is not known yet. Ask again in a moment.</source>
        <translation>支付机构未应答，尚不清楚是否已扣款。请稍后再查询。</translation>
    </message>
    <message>
        <source>The provider refused the question (%1). Ask again later.</source>
        <translation>支付机构拒绝了查询（%1）。请稍后再查询。</translation>
    </message>
    <message>
        <source>The provider holds a payment of %1.</source>
        <translation>支付机构有一笔 %1 的付款。</translation>
    </message>
    <message>
        <source>The provider holds a payment of %1, of which %2 went back to the customer.</source>
        <translation>支付机构有一笔 %1 的付款，其中 %2 已退还给顾客。</translation>
    </message>
    <message>
        <source>No money is held any more: the payment was refunded in full (%1).</source>
        <translation>款项已不在支付机构：该笔付款已全额退款（%1）。</translation>
    </message>
    <message>
        <source>Not yet: the customer is still confirming on their phone.</source>
        <translation>尚未付款：顾客仍在手机上确认。</translation>
    </message>
    <message>
        <source>The provider holds no payment for this order.</source>
        <translation>支付机构没有该订单的付款。</translation>
    </message>
</context>
<context>
    <name>PaymentProvider</name>
    <message>
        <source>This provider has no fund statement to download.</source>
        <translation>该支付机构没有可下载的资金账单。</translation>
    </message>
</context>
<context>
    <name>PinnedKeyVerifier</name>
    <message>
        <source>The server&apos;s key does not match the pinned key. The connection was refused.</source>
        <translation>服务器密钥与预置的固定密钥不一致，已拒绝连接。</translation>
    </message>
</context>
<context>
    <name>PrivacyService</name>
    <message>
        <source>%1 is not a valid column or table name.</source>
        <translation>%1 不是有效的列名或表名。</translation>
    </message>
    <message>
        <source>%1 holds money or audit records and is never purged.</source>
        <translation>%1 包含资金或审计记录，永不清除。</translation>
    </message>
    <message>
        <source>A personal-data source needs columns.</source>
        <translation>个人数据来源需要指定列。</translation>
    </message>
    <message>
        <source>Give the customer&apos;s payer id hash or phone number.</source>
        <translation>请提供顾客的付款人 ID 哈希或手机号。</translation>
    </message>
</context>
<context>
    <name>ProviderAdvice</name>
    <message>
        <source>The payment went through. Nothing to do.</source>
        <translation>支付成功，无需操作。</translation>
    </message>
    <message>
        <source>Thank you, your payment was received.</source>
        <translation>谢谢，您的付款已收到。</translation>
    </message>
    <message>
        <source>The customer&apos;s balance is too low. Nothing was charged. Ask for another card or wallet, then take the payment again.</source>
        <translation>顾客余额不足，未扣款。请顾客换一张卡或换一种支付方式，然后重新收款。</translation>
    </message>
    <message>
        <source>Your balance is not enough. Please choose another card or payment method in your wallet, or top up, and try again.</source>
        <translation>您的余额不足。请在钱包中选择其他银行卡或支付方式，或充值后重试。</translation>
    </message>
    <message>
        <source>The customer entered a wrong payment password. Nothing was charged. Let them try again.</source>
        <translation>顾客输错了支付密码，未扣款。请让顾客重试。</translation>
    </message>
    <message>
        <source>The payment password was not accepted. Please try again.</source>
        <translation>支付密码未通过验证，请重试。</translation>
    </message>
    <message>
        <source>The payment code was expired, already used or not readable. Nothing was charged. Ask the customer to refresh the code and scan it again.</source>
        <translation>付款码已过期、已使用或无法识别，未扣款。请顾客刷新付款码后重新扫码。</translation>
    </message>
    <message>
        <source>Your payment code has expired. Please refresh the code in your wallet and show it again.</source>
        <translation>您的付款码已过期。请在钱包中刷新付款码后重新出示。</translation>
    </message>
    <message>
        <source>This wallet or account cannot pay this store. Nothing was charged. Ask for another payment method.</source>
        <translation>该钱包或账户无法向本店付款，未扣款。请顾客换一种支付方式。</translation>
    </message>
    <message>
        <source>This wallet cannot be used here. Please use another payment method.</source>
        <translation>此钱包无法在本店使用，请换一种支付方式。</translation>
    </message>
    <message>
        <source>A payment limit was reached (the customer&apos;s daily limit or the store&apos;s). Nothing was charged. Ask for another payment method or a smaller amount.</source>
        <translation>已达到支付限额（顾客当日限额或商户限额），未扣款。请顾客换一种支付方式或减少金额。</translation>
    </message>
    <message>
        <source>This payment is over a limit of your account. Please use another card or payment method.</source>
        <translation>此笔付款超出了您账户的限额，请换一张卡或换一种支付方式。</translation>
    </message>
    <message>
        <source>No answer from the payment provider. The payment may or may not have gone through. Paydesk keeps checking — do NOT charge again.</source>
        <translation>支付机构无应答，付款可能成功也可能未成功。Paydesk 会持续查询——切勿重复收款。</translation>
    </message>
    <message>
        <source>We are confirming your payment. Please wait a moment and do not pay again.</source>
        <translation>正在确认您的付款，请稍候，请勿重复支付。</translation>
    </message>
    <message>
        <source>The payment provider is busy and did not give a final answer. Paydesk keeps checking — do NOT charge again.</source>
        <translation>支付机构繁忙，未返回最终结果。Paydesk 会持续查询——切勿重复收款。</translation>
    </message>
    <message>
        <source>The provider has no record of this payment: it was not paid. You can start a new payment.</source>
        <translation>支付机构没有这笔付款的记录：未支付。可以重新发起收款。</translation>
    </message>
    <message>
        <source>This payment was not completed. Nothing was charged.</source>
        <translation>本次付款未完成，未扣款。</translation>
    </message>
    <message>
        <source>This order is already paid. Do NOT charge again; check the order list.</source>
        <translation>该订单已支付。切勿重复收款；请查看订单列表。</translation>
    </message>
    <message>
        <source>This order has already been paid.</source>
        <translation>该订单已支付。</translation>
    </message>
    <message>
        <source>This payment was closed and can no longer be paid. Start a new payment if the customer still wants to pay.</source>
        <translation>此笔付款已关闭，无法再支付。如顾客仍要付款，请重新发起收款。</translation>
    </message>
    <message>
        <source>This payment request has expired. The cashier will start a new one.</source>
        <translation>本次付款请求已过期，收银员将重新发起。</translation>
    </message>
    <message>
        <source>A message between Paydesk and the provider failed its security check. Do NOT charge again. Ask the manager to check the provider keys in Settings.</source>
        <translation>Paydesk 与支付机构之间的消息未通过安全校验。切勿重复收款。请店长在“设置”中检查支付机构密钥。</translation>
    </message>
    <message>
        <source>There is a technical problem. Please wait a moment.</source>
        <translation>系统出现技术问题，请稍候。</translation>
    </message>
    <message>
        <source>The provider rejected the request as invalid. Nothing was charged. Ask the manager to check the provider settings.</source>
        <translation>支付机构认为请求无效并已拒绝，未扣款。请店长检查支付机构设置。</translation>
    </message>
    <message>
        <source>There is a technical problem. Please use another payment method.</source>
        <translation>系统出现技术问题，请换一种支付方式。</translation>
    </message>
    <message>
        <source>The provider refused this store&apos;s account for this action. Nothing was charged. Ask the manager to check the merchant account.</source>
        <translation>支付机构拒绝本店商户账户执行此操作，未扣款。请店长检查商户账户。</translation>
    </message>
    <message>
        <source>This payment method is not available right now. Please use another one.</source>
        <translation>该支付方式暂不可用，请换一种。</translation>
    </message>
    <message>
        <source>The provider declined the payment. Nothing was charged. Ask for another payment method.</source>
        <translation>支付机构拒绝了此笔付款，未扣款。请顾客换一种支付方式。</translation>
    </message>
    <message>
        <source>The payment did not go through. Please try another payment method.</source>
        <translation>付款未成功，请换一种支付方式。</translation>
    </message>
    <message>
        <source>The amount is over the payment limit: more than the provider or this store&apos;s account takes in one payment. Nothing was charged. Take it in smaller payments or another way; the limits are in the merchant account and in Settings.</source>
        <translation>金额超过付款上限：超过支付机构或本店账户单笔可收的金额。未扣款。请分多笔收款或改用其他方式；上限可在商户账户和设置中查看。</translation>
    </message>
    <message>
        <source>This amount is over the limit for one payment. Nothing was charged. Please pay in smaller parts or another way.</source>
        <translation>此金额超过单笔付款上限。未扣款。请分多笔支付或改用其他方式。</translation>
    </message>
</context>
<context>
    <name>ProviderCatalog</name>
    <message>
        <source>The provider comparison data is damaged: %1</source>
        <translation>支付机构对比数据已损坏：%1</translation>
    </message>
    <message>
        <source>Enter the monthly volume, more than zero.</source>
        <translation>请输入月交易额，须大于零。</translation>
    </message>
    <message>
        <source>Enter the average ticket, more than zero.</source>
        <translation>请输入平均客单价，须大于零。</translation>
    </message>
    <message>
        <source>The volume and the ticket are in different currencies.</source>
        <translation>交易额与客单价的币种不同。</translation>
    </message>
    <message>
        <source>The average ticket cannot be more than the monthly volume.</source>
        <translation>平均客单价不能高于月交易额。</translation>
    </message>
    <message>
        <source>%1%</source>
        <comment>a fee rate, e.g. 0.6%</comment>
        <translation>%1%</translation>
    </message>
    <message>
        <source>QR code at the counter</source>
        <translation>柜台二维码</translation>
    </message>
    <message>
        <source>Customer&apos;s payment code</source>
        <translation>顾客付款码</translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation>付款链接</translation>
    </message>
    <message>
        <source>At once to the account balance; you withdraw it to the bank</source>
        <translation>即时到账户余额，需自行提现到银行</translation>
    </message>
    <message>
        <source>To the bank account the next day (T+1)</source>
        <translation>次日到银行账户（T+1）</translation>
    </message>
    <message>
        <source>A real-name certified account of the merchant</source>
        <translation>商户本人的实名认证账户</translation>
    </message>
    <message>
        <source>Business licence</source>
        <translation>营业执照</translation>
    </message>
    <message>
        <source>Legal representative&apos;s ID card (both sides)</source>
        <translation>法定代表人身份证（正反面）</translation>
    </message>
    <message>
        <source>Photo of the store front with its sign</source>
        <translation>带招牌的门店门头照</translation>
    </message>
    <message>
        <source>Photo inside the store</source>
        <translation>店内照片</translation>
    </message>
    <message>
        <source>Settlement bank account</source>
        <translation>结算银行账户</translation>
    </message>
    <message numerus="yes">
        <source>About %n working day(s)</source>
        <translation>
            <numerusform>约 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>%1–%2 working days</source>
        <translation>%1–%2 个工作日</translation>
    </message>
</context>
<context>
    <name>ProviderRegistry</name>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>A provider needs an id.</source>
        <translation>支付机构必须有标识。</translation>
    </message>
    <message>
        <source>The provider %1 is registered twice.</source>
        <translation>支付机构 %1 被重复注册。</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <comment>a list of wallets: &apos;A, B or C&apos;</comment>
        <translation>%1或%2</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator of a list of wallets</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>No provider %1 is known to this build.</source>
        <translation>此版本不认识支付机构 %1。</translation>
    </message>
    <message>
        <source>%1 cannot be used on this till yet.</source>
        <translation>本收银台暂不能使用%1。</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>UnionPay</source>
        <translation>银联</translation>
    </message>
</context>
<context>
    <name>ProviderSetup</name>
    <message>
        <source>The sandbox address %1 is not an http(s) URL.</source>
        <translation>沙箱地址 %1 不是 http(s) 网址。</translation>
    </message>
    <message>
        <source>Cannot set up the sandbox merchant account at %1: %2</source>
        <translation>无法在 %1 设置沙箱商户账户：%2</translation>
    </message>
    <message>
        <source>Another Paydesk is starting the built-in sandbox; try again in a moment.</source>
        <translation>另一个 Paydesk 正在启动内置沙箱，请稍后再试。</translation>
    </message>
</context>
<context>
    <name>QrPage</name>
    <message>
        <source>Paydesk sandbox wallet</source>
        <translation>Paydesk 沙箱钱包</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>付款</translation>
    </message>
    <message>
        <source>This order is already paid.</source>
        <translation>该订单已支付。</translation>
    </message>
    <message>
        <source>This order is closed and can no longer be paid.</source>
        <translation>该订单已关闭，无法再支付。</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Pay %1</source>
        <translation>向 %1 付款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>未支付</translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation>未知二维码</translation>
    </message>
    <message>
        <source>This QR code is not known to the sandbox.</source>
        <translation>沙箱无法识别该二维码。</translation>
    </message>
</context>
<context>
    <name>ReceiptActions</name>
    <message>
        <source>Save receipt</source>
        <translation>保存小票</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>无法打开打印机。</translation>
    </message>
</context>
<context>
    <name>ReceiptData</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Refund no.</source>
        <translation>退款单号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Refunded in total</source>
        <translation>累计退款</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinter</name>
    <message>
        <source>Bad baud rate in &quot;%1&quot;.</source>
        <translation>“%1”中的波特率有误。</translation>
    </message>
    <message>
        <source>No serial port in &quot;%1&quot;.</source>
        <translation>“%1”中没有串口。</translation>
    </message>
    <message>
        <source>Printer &quot;%1&quot; is neither tcp://HOST:PORT nor serial:PORT.</source>
        <translation>打印机“%1”既不是 tcp://HOST:PORT 也不是 serial:PORT 格式。</translation>
    </message>
</context>
<context>
    <name>ReceiptRenderer</name>
    <message>
        <source>Receipt</source>
        <translation>收银小票</translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>谢谢惠顾</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>小票 %1</translation>
    </message>
    <message>
        <source>Cannot write the PDF file %1.</source>
        <translation>无法写入 PDF 文件 %1。</translation>
    </message>
    <message>
        <source>Writing the PDF file %1 failed.</source>
        <translation>写入 PDF 文件 %1 失败。</translation>
    </message>
    <message>
        <source>REFUND</source>
        <translation>退款</translation>
    </message>
</context>
<context>
    <name>ReconClass</name>
    <message>
        <source>Matched</source>
        <translation>已匹配</translation>
    </message>
    <message>
        <source>Amount mismatch</source>
        <translation>金额不符</translation>
    </message>
    <message>
        <source>Status mismatch</source>
        <translation>状态不符</translation>
    </message>
    <message>
        <source>Late payment</source>
        <translation>延迟付款</translation>
    </message>
    <message>
        <source>Missing at provider</source>
        <translation>支付机构无记录</translation>
    </message>
    <message>
        <source>Missing locally</source>
        <translation>本地无记录</translation>
    </message>
    <message>
        <source>Refund mismatch</source>
        <translation>退款不符</translation>
    </message>
    <message>
        <source>Fee mismatch</source>
        <translation>手续费不符</translation>
    </message>
    <message>
        <source>Duplicate line</source>
        <translation>重复行</translation>
    </message>
</context>
<context>
    <name>ReconcileCommands</name>
    <message>
        <source>--date D is required, e.g. --date 2026-11-23.</source>
        <translation>必须指定 --date D，例如 --date 2026-11-23。</translation>
    </message>
    <message>
        <source>The date must be YYYY-MM-DD.</source>
        <translation>日期格式必须为 YYYY-MM-DD。</translation>
    </message>
    <message>
        <source>Reconciliation of %1</source>
        <translation>%1 的对账</translation>
    </message>
    <message>
        <source>%1: gross %2, refunds %3, fees %4, net %5 (matched %6, clearing %7, settled %8)</source>
        <translation>%1：总额 %2，退款 %3，手续费 %4，净额 %5（已匹配 %6，待结算 %7，已结算 %8）</translation>
    </message>
    <message>
        <source>No exceptions.</source>
        <translation>无差异。</translation>
    </message>
    <message>
        <source>resolved by %1: %2</source>
        <translation>由 %1 处理：%2</translation>
    </message>
    <message>
        <source>Signed off by %1 at %2; audit head #%3 %4</source>
        <translation>由 %1 于 %2 签核；审计日志最新记录 #%3 %4</translation>
    </message>
    <message>
        <source>--resolve takes an exception id.</source>
        <translation>--resolve 需要一个差异编号。</translation>
    </message>
    <message>
        <source>--reason TEXT is required.</source>
        <translation>必须指定 --reason TEXT。</translation>
    </message>
    <message>
        <source>Exception %1 resolved (entry %2).</source>
        <translation>差异 %1 已处理（分录 %2）。</translation>
    </message>
    <message>
        <source>%1 signed off by %2; audit head #%3 %4</source>
        <translation>%1 已由 %2 签核；审计日志最新记录 #%3 %4</translation>
    </message>
    <message>
        <source>Business day, e.g. 2026-11-23.</source>
        <translation>营业日，例如 2026-11-23。</translation>
    </message>
    <message>
        <source>Only this provider (default: every provider with a statement for the day).</source>
        <translation>仅限此支付机构（默认：当天有对账单的所有支付机构）。</translation>
    </message>
    <message>
        <source>Resolve the exception with this id (needs --reason and --operator).</source>
        <translation>处理此编号的差异（需要 --reason 和 --operator）。</translation>
    </message>
    <message>
        <source>Why it is resolved.</source>
        <translation>处理原因。</translation>
    </message>
    <message>
        <source>Sign the day off (a manager with TOTP); the day is closed.</source>
        <translation>日结签核（需店长及动态验证码）；签核后当天关闭。</translation>
    </message>
    <message>
        <source>Who resolves or signs off (password in PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP).</source>
        <translation>处理或签核的人员（密码在 PAYDESK_PASSWORD 中，验证器动态验证码在 PAYDESK_TOTP 中）。</translation>
    </message>
    <message>
        <source>A statement sync is already running.</source>
        <translation>对账单同步已在进行中。</translation>
    </message>
    <message>
        <source>The providers did not answer in time.</source>
        <translation>支付机构未及时响应。</translation>
    </message>
    <message>
        <source>Also write the day&apos;s report to FILE.csv, FILE.json or FILE.pdf.</source>
        <translation>同时将当日报告写入 FILE.csv、FILE.json 或 FILE.pdf。</translation>
    </message>
    <message>
        <source>Paydesk knows no provider &quot;%1&quot;.</source>
        <translation>Paydesk 不认识支付机构“%1”。</translation>
    </message>
    <message>
        <source>There is no statement for %1, and the sync found none.</source>
        <translation>%1 没有对账单，同步也未找到。</translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation>报告已写入 %1。</translation>
    </message>
</context>
<context>
    <name>Reconciler</name>
    <message>
        <source>Nothing to do.</source>
        <translation>无需处理。</translation>
    </message>
    <message>
        <source>Compare the receipt with the provider&apos;s record; book the difference as an adjustment or ask the provider to correct it.</source>
        <translation>核对小票与支付机构的记录；将差额记为调整分录，或请支付机构更正。</translation>
    </message>
    <message>
        <source>The provider took the money but the till has no final answer: run recovery to query the order, then reconcile the day again.</source>
        <translation>支付机构已扣款，但收银台没有最终结果：请运行恢复以查询订单，然后重新对账当日。</translation>
    </message>
    <message>
        <source>The customer paid an order the till closed: open a duplicate-charge case and refund the customer unless the sale was completed another way.</source>
        <translation>顾客支付了收银台已关闭的订单：请创建重复扣款工单并为顾客退款，除非该笔销售已通过其他方式完成。</translation>
    </message>
    <message>
        <source>The till booked a payment the provider does not list: query the order; if the provider has no payment, reverse the sale and ask the customer to pay.</source>
        <translation>收银台记录了一笔支付机构未列出的付款：请查询订单；如支付机构无此付款，请冲销该销售并请顾客重新支付。</translation>
    </message>
    <message>
        <source>The provider lists a payment the till never recorded: find the sale (another till or a manual charge) and book it, or refund it if there was none.</source>
        <translation>支付机构列出了一笔收银台从未记录的付款：请找到这笔销售（其他收银台或手动收款）并入账；如无此销售，请退款。</translation>
    </message>
    <message>
        <source>The refund differs between the till and the provider: query the refund and book what the provider actually paid back.</source>
        <translation>收银台与支付机构的退款不一致：请查询退款，并按支付机构实际退回的金额入账。</translation>
    </message>
    <message>
        <source>The fee is not the account&apos;s configured rate: check the rate in the merchant contract and ask the provider about the difference.</source>
        <translation>手续费不符合账户设定的费率：请核对商户合同中的费率，并向支付机构询问差额。</translation>
    </message>
    <message>
        <source>The statement lists this transaction twice: keep the first line and report the duplicate to the provider; nothing is booked twice.</source>
        <translation>对账单重复列出了这笔交易：保留第一行，并向支付机构报告重复项；不会重复入账。</translation>
    </message>
</context>
<context>
    <name>ReconciliationService</name>
    <message>
        <source>There is no %1 statement for %2 yet: sync it first.</source>
        <translation>%2 尚无 %1 对账单：请先同步。</translation>
    </message>
    <message>
        <source>Say why the exception is resolved.</source>
        <translation>请说明处理该差异的原因。</translation>
    </message>
    <message>
        <source>There is no exception %1.</source>
        <translation>没有差异 %1。</translation>
    </message>
    <message>
        <source>%1 is signed off: its exceptions can no longer be resolved.</source>
        <translation>%1 已签核：其差异不能再处理。</translation>
    </message>
    <message>
        <source>Exception %1 is not open (%2).</source>
        <translation>差异 %1 不是未处理状态（%2）。</translation>
    </message>
    <message>
        <source>Reconciliation %1, %2 of %3: %4</source>
        <translation>对账 %1，%3 的 %2：%4</translation>
    </message>
    <message>
        <source>%1 was already signed off by %2.</source>
        <translation>%1 已由 %2 签核。</translation>
    </message>
    <message>
        <source>%1 has not been reconciled yet.</source>
        <translation>%1 尚未对账。</translation>
    </message>
    <message numerus="yes">
        <source>%n exception(s) of the day are still open: resolve them first.</source>
        <translation>
            <numerusform>当天仍有 %n 项差异未处理：请先处理。</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log&apos;s head could not be read at sign-off.</source>
        <translation>签核时无法读取审计日志的最新记录。</translation>
    </message>
</context>
<context>
    <name>ReconciliationStore</name>
    <message>
        <source>Exception %1 is not open.</source>
        <translation>差异 %1 不是未处理状态。</translation>
    </message>
</context>
<context>
    <name>RefundApproval</name>
    <message>
        <source>A refund above %1 needs a manager&apos;s password and authenticator code.</source>
        <translation>超过 %1 的退款需要店长的密码和动态验证码。</translation>
    </message>
    <message>
        <source>The owner asks for a manager&apos;s password and authenticator code for every refund by a cashier.</source>
        <translation>店主要求收银员的每笔退款都需店长的密码和动态验证码。</translation>
    </message>
    <message>
        <source>%1 cannot approve refunds: a manager or the owner must.</source>
        <translation>%1 无权批准退款：须由店长或店主批准。</translation>
    </message>
</context>
<context>
    <name>RefundCommands</name>
    <message>
        <source>The order&apos;s out_trade_no.</source>
        <translation>订单的 out_trade_no。</translation>
    </message>
    <message>
        <source>Amount to refund, e.g. 5.00 (default: all that is left).</source>
        <translation>退款金额，例如 5.00（默认：全部剩余金额）。</translation>
    </message>
    <message>
        <source>Why the money goes back.</source>
        <translation>退款原因。</translation>
    </message>
    <message>
        <source>Who refunds (password in PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP).</source>
        <translation>退款人（密码取自 PAYDESK_PASSWORD，动态验证码取自 PAYDESK_TOTP）。</translation>
    </message>
    <message>
        <source>Your own refund request number: repeating the command with it never refunds twice.</source>
        <translation>您自己的退款请求号：使用同一请求号重复执行命令不会重复退款。</translation>
    </message>
    <message>
        <source>--order OUT_TRADE_NO is required.</source>
        <translation>必须指定 --order OUT_TRADE_NO。</translation>
    </message>
    <message>
        <source>--reason TEXT is required.</source>
        <translation>必须指定 --reason TEXT。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>There is no order %1 on this till.</source>
        <translation>本收银台没有订单 %1。</translation>
    </message>
    <message>
        <source>Run it with --operator set to a manager, and PAYDESK_TOTP set to their current code.</source>
        <translation>请将 --operator 设为一名店长，并将 PAYDESK_TOTP 设为其当前动态验证码后再运行。</translation>
    </message>
    <message>
        <source>No answer in time; run &apos;paydesk recover&apos;.</source>
        <translation>未及时收到应答；请运行 &apos;paydesk recover&apos;。</translation>
    </message>
</context>
<context>
    <name>RefundService</name>
    <message>
        <source>The provider is not available on this till yet.</source>
        <translation>本收银台暂不支持该支付机构。</translation>
    </message>
    <message>
        <source>Sent to the provider, waiting for the answer.</source>
        <translation>已发送至支付机构，等待应答。</translation>
    </message>
    <message>
        <source>The provider refused the refund: %1 (%2)</source>
        <translation>支付机构拒绝了退款：%1（%2）</translation>
    </message>
    <message>
        <source>The provider is processing the refund.</source>
        <translation>支付机构正在处理退款。</translation>
    </message>
    <message>
        <source>No answer from the provider (%1).</source>
        <translation>支付机构无应答（%1）。</translation>
    </message>
    <message>
        <source>The provider has no record of the refund yet; asking again.</source>
        <translation>支付机构尚无该退款记录；正在重新查询。</translation>
    </message>
    <message numerus="yes">
        <source>%1 Trying again in %n second(s).</source>
        <translation>
            <numerusform>%1 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Refunded.</source>
        <translation>已退款。</translation>
    </message>
    <message>
        <source>No such refund.</source>
        <translation>无此退款。</translation>
    </message>
    <message>
        <source>Order %1 was paid in cash: give the money back from the drawer.</source>
        <translation>订单 %1 为现金支付：请从钱箱退还现金。</translation>
    </message>
    <message>
        <source>Order %1 is %2: only a paid order can be refunded.</source>
        <translation>订单 %1 状态为%2：只有已支付的订单才能退款。</translation>
    </message>
    <message>
        <source>The refund amount must be more than zero.</source>
        <translation>退款金额必须大于零。</translation>
    </message>
    <message>
        <source>The refund must be in the order&apos;s currency (%1).</source>
        <translation>退款币种必须与订单币种（%1）一致。</translation>
    </message>
    <message>
        <source>Say why the money is refunded.</source>
        <translation>请说明退款原因。</translation>
    </message>
    <message>
        <source>A refund must name who asked for it.</source>
        <translation>退款必须注明申请人。</translation>
    </message>
    <message>
        <source>A refund of %1 for order %2 is still in progress (%3). Wait until it is finished before refunding again.</source>
        <translation>订单 %2 有一笔 %1 的退款仍在处理中（%3）。请等其完成后再退款。</translation>
    </message>
    <message>
        <source>Order %1 is refunded in full already.</source>
        <translation>订单 %1 已全额退款。</translation>
    </message>
    <message>
        <source>At most %1 can still be refunded on order %2 (asked: %3).</source>
        <translation>订单 %2 最多还可退款 %1（申请：%3）。</translation>
    </message>
    <message>
        <source>%1 is not a valid refund request number (1 to 64 letters, digits, &apos;-&apos; or &apos;_&apos;).</source>
        <translation>%1 不是有效的退款请求号（1 到 64 个字母、数字、“-”或“_”）。</translation>
    </message>
    <message>
        <source>Refund request %1 was already used for %2 on another order or amount.</source>
        <translation>退款请求号 %1 已用于另一订单或金额的 %2。</translation>
    </message>
    <message>
        <source>There is no such order.</source>
        <translation>无此订单。</translation>
    </message>
    <message>
        <source>Refund decided, not sent yet.</source>
        <translation>退款已确定，尚未发送。</translation>
    </message>
    <message>
        <source>Refund %1 of %2 decided by %3: %4</source>
        <translation>订单 %2 退款 %1，由 %3 决定：%4</translation>
    </message>
    <message>
        <source>Refund %1 failed: %2</source>
        <translation>退款 %1 失败：%2</translation>
    </message>
    <message>
        <source>Refunded in full (%1).</source>
        <translation>已全额退款（%1）。</translation>
    </message>
    <message>
        <source>Refunded %1 of %2.</source>
        <translation>已退款 %1（共 %2）。</translation>
    </message>
    <message>
        <source>Refund %1 of %2 succeeded (%3).</source>
        <translation>订单 %2 退款 %1 成功（%3）。</translation>
    </message>
    <message>
        <source>Refund %1 of order %2</source>
        <translation>订单 %2 退款 %1</translation>
    </message>
</context>
<context>
    <name>ReplayGuard</name>
    <message>
        <source>The message has no id.</source>
        <translation>消息没有 ID。</translation>
    </message>
    <message>
        <source>This message was already received.</source>
        <translation>该消息已接收过。</translation>
    </message>
    <message>
        <source>The message has no valid timestamp.</source>
        <translation>消息没有有效的时间戳。</translation>
    </message>
    <message>
        <source>The message is too old or from the future (%1 s off).</source>
        <translation>消息过旧或来自未来（相差 %1 秒）。</translation>
    </message>
</context>
<context>
    <name>RestoreCandidate</name>
    <message>
        <source>There is no file %1.</source>
        <translation>文件 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 is not a Paydesk database; nothing was changed.</source>
        <translation>%1 不是 Paydesk 数据库；未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot copy %1 into %2.</source>
        <translation>无法将 %1 复制到 %2。</translation>
    </message>
    <message>
        <source>%1 fails SQLite&apos;s integrity check, so it is not restored; nothing was changed. %2</source>
        <translation>%1 未通过 SQLite 完整性检查，因此未恢复；未做任何更改。%2</translation>
    </message>
    <message>
        <source>%1 was made by a newer Paydesk (database version %2; this one knows up to %3). Install that version first; nothing was changed.</source>
        <translation>%1 由更新版本的 Paydesk 创建（数据库版本 %2；本版本最高支持 %3）。请先安装该版本；未做任何更改。</translation>
    </message>
    <message>
        <source>%1 cannot be brought up to this version; nothing was changed. %2</source>
        <translation>%1 无法升级到本版本；未做任何更改。%2</translation>
    </message>
    <message>
        <source>The audit log in %1 does not verify with this till&apos;s key (entry %2: %3). It comes from another installation or was altered; nothing was changed.</source>
        <translation>%1 中的审计日志无法用本收银台的密钥验证（第 %2 条：%3）。它来自其他安装或已被篡改；未做任何更改。</translation>
    </message>
</context>
<context>
    <name>SandboxCommand</name>
    <message>
        <source>paydesk sandbox: %1
Usage: paydesk sandbox [--port N] [--seed S] [--faults SPEC] [--state DIR]
</source>
        <translation>paydesk sandbox：%1
用法：paydesk sandbox [--port 端口] [--seed 种子] [--faults 故障配置] [--state 目录]
</translation>
    </message>
    <message>
        <source>runs the loopback payment provider.</source>
        <translation>运行本地回环模拟支付机构。</translation>
    </message>
    <message>
        <source>%1 needs a value.</source>
        <translation>%1 需要一个值。</translation>
    </message>
    <message>
        <source>unknown option %1.</source>
        <translation>未知选项 %1。</translation>
    </message>
    <message>
        <source>bad value &quot;%1&quot; for %2.</source>
        <translation>%2 的值“%1”有误。</translation>
    </message>
</context>
<context>
    <name>SandboxProvisioner</name>
    <message>
        <source>A private app key is needed to register with the sandbox.</source>
        <translation>向沙箱注册需要应用私钥。</translation>
    </message>
    <message>
        <source>The sandbox did not answer.</source>
        <translation>沙箱无应答。</translation>
    </message>
    <message>
        <source>Could not register with the sandbox: %1</source>
        <translation>无法向沙箱注册：%1</translation>
    </message>
    <message>
        <source>The sandbox sent an incomplete answer.</source>
        <translation>沙箱返回的应答不完整。</translation>
    </message>
    <message>
        <source>The sandbox does not speak this provider&apos;s protocol.</source>
        <translation>沙箱不支持该支付机构的协议。</translation>
    </message>
</context>
<context>
    <name>SecretVault</name>
    <message>
        <source>The data key must be exactly %1 bytes.</source>
        <translation>数据密钥必须正好为 %1 字节。</translation>
    </message>
    <message>
        <source>The key file %1 is not a regular file.</source>
        <translation>密钥文件 %1 不是普通文件。</translation>
    </message>
    <message>
        <source>The key file %1 can be read by other users. Restrict it to its owner (chmod 600) and check that nobody copied it.</source>
        <translation>密钥文件 %1 可被其他用户读取。请将其权限限制为仅所有者可访问（chmod 600），并确认没有人复制过它。</translation>
    </message>
    <message>
        <source>The key file %1 cannot be read: %2</source>
        <translation>无法读取密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>The key file %1 is damaged (wrong size).</source>
        <translation>密钥文件 %1 已损坏（大小不对）。</translation>
    </message>
    <message>
        <source>The folder %1 for the key file cannot be created.</source>
        <translation>无法创建密钥文件所在的文件夹 %1。</translation>
    </message>
    <message>
        <source>No secure random data key could be made.</source>
        <translation>无法生成安全的随机数据密钥。</translation>
    </message>
    <message>
        <source>The key file %1 cannot be written: %2</source>
        <translation>无法写入密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>No secure random nonce could be made.</source>
        <translation>无法生成安全的随机数（nonce）。</translation>
    </message>
    <message>
        <source>The stored secret is not in a known encrypted format.</source>
        <translation>已保存的机密数据不是已知的加密格式。</translation>
    </message>
    <message>
        <source>The stored secret is damaged.</source>
        <translation>已保存的机密数据已损坏。</translation>
    </message>
    <message>
        <source>The stored secret cannot be decrypted: it was altered, belongs to another field, or the key file is not the one it was saved with.</source>
        <translation>无法解密已保存的机密数据：数据已被改动、属于其他字段，或密钥文件不是保存时所用的那个。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Nobody is logged in.</source>
        <translation>当前无人登录。</translation>
    </message>
    <message>
        <source>A %1 may not do this: %2.</source>
        <translation>%1无权执行此操作：%2。</translation>
    </message>
    <message>
        <source>Set up two-factor authentication for %1 before doing this.</source>
        <translation>请先为 %1 设置二次验证，再执行此操作。</translation>
    </message>
    <message>
        <source>Enter a code from your authenticator app to confirm.</source>
        <translation>请输入身份验证器应用中的动态验证码以确认。</translation>
    </message>
</context>
<context>
    <name>SettlementTracker</name>
    <message>
        <source>A payout needs a positive amount, a reference and the day it covers.</source>
        <translation>结算到账需要正数金额、参考号及所涵盖的日期。</translation>
    </message>
    <message>
        <source>Payout %1 of %2 for %3</source>
        <translation>%3 的结算到账 %1（金额 %2）</translation>
    </message>
    <message>
        <source>Ask %1&apos;s merchant support.</source>
        <translation>请联系 %1 的商户客服。</translation>
    </message>
    <message>
        <source>Call %1&apos;s merchant support on %2.</source>
        <translation>请拨打 %1 的商户客服电话 %2。</translation>
    </message>
    <message>
        <source>%1 paid out %2 for %3 but owes %4: %5 short. %6</source>
        <translation>%1 已为 %3 结算到账 %2，但应付 %4：少付 %5。%6</translation>
    </message>
    <message>
        <source>%1 has not paid out %2 for %3, due by %4. %5</source>
        <translation>%1 尚未为 %3 结算到账 %2，应于 %4 前到账。%5</translation>
    </message>
    <message>
        <source>The fund statement of %1 for %2 could not be downloaded: %3</source>
        <translation>无法下载 %1 在 %2 的资金账单：%3</translation>
    </message>
    <message>
        <source>The downloaded fund statement names no business day.</source>
        <translation>下载的资金账单没有注明业务日期。</translation>
    </message>
    <message>
        <source>The fund statement of %1 for %2 does not match its checksum: nothing was imported. Download it again.</source>
        <translation>%1 在 %2 的资金账单与其校验值不符：未导入任何内容。请重新下载。</translation>
    </message>
    <message>
        <source>A different fund statement of %1 for %2 is already imported: this one was refused. Statements are kept as first imported; check which one the provider serves now.</source>
        <translation>%1 在 %2 已导入另一份资金账单：本份已被拒绝。账单以首次导入的为准；请核实支付机构现在提供的是哪一份。</translation>
    </message>
    <message>
        <source>A payout of the fund statement belongs to another provider.</source>
        <translation>资金账单中有一笔结算属于其他支付机构。</translation>
    </message>
    <message>
        <source>%1 %2: %3 expected by %4, not due yet.</source>
        <translation>%1 %2：预计 %4 前到账 %3，尚未到期。</translation>
    </message>
    <message>
        <source>%1 %2: %3 expected, %4 received, settled.</source>
        <translation>%1 %2：应到账 %3，已到账 %4，已结清。</translation>
    </message>
    <message>
        <source>%1 %2: LATE. %3</source>
        <translation>%1 %2：延迟到账。%3</translation>
    </message>
    <message>
        <source>%1 %2: SHORT. %3</source>
        <translation>%1 %2：到账不足。%3</translation>
    </message>
    <message>
        <source>%1 %2: no payout due.</source>
        <translation>%1 %2：无应到账结算。</translation>
    </message>
    <message>
        <source>The fund statement has no payout to tell its day: give the day (--date).</source>
        <translation>该资金账单中没有可判断日期的提现记录：请指定日期（--date）。</translation>
    </message>
</context>
<context>
    <name>SetupCommands</name>
    <message>
        <source>Unattended first start: create the owner (password from PAYDESK_PASSWORD).</source>
        <translation>无人值守首次启动：创建店主（密码取自 PAYDESK_PASSWORD）。</translation>
    </message>
    <message>
        <source>The owner&apos;s name.</source>
        <translation>店主姓名。</translation>
    </message>
    <message>
        <source>Also enrol two-factor authentication and print its otpauth URI and recovery codes once.</source>
        <translation>同时启用动态验证码，并一次性输出其 otpauth URI 和恢复码。</translation>
    </message>
    <message>
        <source>--owner NAME is required.</source>
        <translation>必须指定 --owner NAME。</translation>
    </message>
    <message>
        <source>Set PAYDESK_PASSWORD to the owner&apos;s password.</source>
        <translation>请将 PAYDESK_PASSWORD 设为店主的密码。</translation>
    </message>
    <message>
        <source>This till already has an owner; log in instead.</source>
        <translation>本收银台已有店主；请直接登录。</translation>
    </message>
    <message>
        <source>The password is too weak: %1</source>
        <translation>密码强度太弱：%1</translation>
    </message>
    <message>
        <source>Owner %1 created.</source>
        <translation>已创建店主 %1。</translation>
    </message>
    <message>
        <source>Two-factor authentication is on. Add this to the owner&apos;s authenticator app (shown once):</source>
        <translation>动态验证码已启用。请将以下内容添加到店主的身份验证器应用（仅显示一次）：</translation>
    </message>
    <message>
        <source>Recovery codes (each works once; shown once):</source>
        <translation>恢复码（每个只能使用一次；仅显示一次）：</translation>
    </message>
    <message>
        <source>Merchant accounts: paydesk provider add|test|list|remove --operator OWNER.</source>
        <translation>商户账户：paydesk provider add|test|list|remove --operator OWNER。</translation>
    </message>
    <message>
        <source>add, test, list or remove.</source>
        <translation>add、test、list 或 remove。</translation>
    </message>
    <message>
        <source>The owner (password from PAYDESK_PASSWORD, code from PAYDESK_TOTP).</source>
        <translation>店主（密码取自 PAYDESK_PASSWORD，动态验证码取自 PAYDESK_TOTP）。</translation>
    </message>
    <message>
        <source>Provider id.</source>
        <translation>支付机构标识。</translation>
    </message>
    <message>
        <source>Account environment (default: production).</source>
        <translation>账户环境（默认：production）。</translation>
    </message>
    <message>
        <source>Usage: paydesk provider add|test|list|remove --operator OWNER [--provider P] ...</source>
        <translation>用法：paydesk provider add|test|list|remove --operator OWNER [--provider P] ...</translation>
    </message>
    <message>
        <source>--provider is required; one of: %1.</source>
        <translation>必须指定 --provider；可选值：%1。</translation>
    </message>
    <message>
        <source>No provider %1 is known to this build.</source>
        <translation>此版本不认识支付机构 %1。</translation>
    </message>
    <message>
        <source>Cannot read %1 for --%2: %3</source>
        <translation>无法读取 --%2 的 %1：%3</translation>
    </message>
    <message>
        <source>%1 account %2 connected: the provider answered the test query for %3 with a signed &quot;no such trade&quot;. It is used from the next start.</source>
        <translation>%1 账户 %2 已连接：支付机构对 %3 的测试查询返回了已签名的“交易不存在”。下次启动时生效。</translation>
    </message>
    <message>
        <source>%1 account %2 works.</source>
        <translation>%1 账户 %2 可正常使用。</translation>
    </message>
    <message>
        <source>No merchant accounts.</source>
        <translation>没有商户账户。</translation>
    </message>
    <message>
        <source>This till has no %1 account in &quot;%2&quot;.</source>
        <translation>本收银台在“%2”中没有 %1 账户。</translation>
    </message>
    <message>
        <source>%1 account in &quot;%2&quot; removed.</source>
        <translation>已移除“%2”中的 %1 账户。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1; @FILE reads it from a file.</source>
        <translation>%1；@FILE 表示从文件读取。</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>payment link</source>
        <translation>付款链接</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Shift report (interim)</source>
        <translation>交班报表（临时）</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>交班报表</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>备用金</translation>
    </message>
    <message numerus="yes">
        <source>Cash sales (%n)</source>
        <translation>
            <numerusform>现金销售（%n 笔）</numerusform>
        </translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation>现金退款</translation>
    </message>
    <message numerus="yes">
        <source>Payouts (%n)</source>
        <translation>
            <numerusform>取出现金（%n 笔）</numerusform>
        </translation>
    </message>
    <message>
        <source>Expected in drawer</source>
        <translation>钱箱应有金额</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>清点金额</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>  %1 × %2</source>
        <translation>  %1 × %2</translation>
    </message>
    <message>
        <source>Takings</source>
        <translation>营业收入</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 (%n)</source>
        <translation>
            <numerusform>%1，%2（%n 笔）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gross (%n)</source>
        <translation>
            <numerusform>总额（%n 笔）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refunded (%n)</source>
        <translation>
            <numerusform>已退款（%n 笔）</numerusform>
        </translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Failed or closed</source>
        <translation>失败或已关闭</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>仍未完成</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>A PDF of the shift report can only be made in the till&apos;s window (Shift menu); from the command line use --escpos or --json.</source>
        <translation>交班报表 PDF 只能在收银台窗口中生成（班次菜单）；命令行请使用 --escpos 或 --json。</translation>
    </message>
    <message>
        <source>Cannot write the shift report to %1.</source>
        <translation>无法将交班报表写入 %1。</translation>
    </message>
</context>
<context>
    <name>SignupDraftStore</name>
    <message>
        <source>The saved application cannot be read (%1). Start it again.</source>
        <translation>无法读取已保存的申请（%1）。请重新开始。</translation>
    </message>
    <message>
        <source>A saved photo cannot be read (%1): add it again.</source>
        <translation>无法读取已保存的照片（%1）：请重新添加。</translation>
    </message>
</context>
<context>
    <name>SignupSession</name>
    <message>
        <source>This provider cannot open merchant accounts from Paydesk.</source>
        <translation>该支付机构不支持通过 Paydesk 开通商户账户。</translation>
    </message>
    <message>
        <source>The provider has not opened the account yet.</source>
        <translation>支付机构尚未开通该账户。</translation>
    </message>
    <message>
        <source>The sandbox cannot sign merchants up with %1.</source>
        <translation>沙箱无法通过 %1 为商户进件。</translation>
    </message>
</context>
<context>
    <name>SqliteFile</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cannot create the backup %1</source>
        <translation>无法创建备份 %1</translation>
    </message>
    <message>
        <source>Cannot open the database %1</source>
        <translation>无法打开数据库 %1</translation>
    </message>
    <message>
        <source>Cannot open the backup %1</source>
        <translation>无法打开备份 %1</translation>
    </message>
    <message>
        <source>Copying the database failed</source>
        <translation>复制数据库失败</translation>
    </message>
    <message>
        <source>Cannot finish the backup %1</source>
        <translation>无法完成备份 %1</translation>
    </message>
    <message>
        <source>Restoring the database failed</source>
        <translation>恢复数据库失败</translation>
    </message>
    <message>
        <source>Cannot finish the restore</source>
        <translation>无法完成恢复</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
</context>
<context>
    <name>StatementImporter</name>
    <message>
        <source>The statement of %1 for %2 could not be downloaded: %3</source>
        <translation>无法下载 %1 %2 的对账单：%3</translation>
    </message>
    <message>
        <source>The downloaded statement names no business day.</source>
        <translation>下载的对账单未注明营业日。</translation>
    </message>
    <message>
        <source>The statement of %1 for %2 does not match its checksum: nothing was imported. Download it again.</source>
        <translation>%1 %2 的对账单与其校验和不符：未导入任何内容。请重新下载。</translation>
    </message>
    <message>
        <source>The statement file is empty.</source>
        <translation>对账单文件为空。</translation>
    </message>
    <message>
        <source>There is no payment provider &quot;%1&quot;.</source>
        <translation>没有支付机构“%1”。</translation>
    </message>
    <message>
        <source>Paydesk cannot read statements of %1.</source>
        <translation>Paydesk 无法读取 %1 的对账单。</translation>
    </message>
    <message>
        <source>The file is not a statement of any provider Paydesk knows.</source>
        <translation>该文件不是 Paydesk 支持的任何支付机构的对账单。</translation>
    </message>
    <message>
        <source>The statement file was refused, nothing was imported: %1</source>
        <translation>对账单文件被拒绝，未导入任何内容：%1</translation>
    </message>
    <message>
        <source>The statement has no lines to tell its business day: give the day (--date).</source>
        <translation>对账单中没有可用于判断营业日的行：请指定日期（--date）。</translation>
    </message>
    <message>
        <source>A different statement of %1 for %2 is already imported: this file was refused. Statements are kept as first imported; check which one the provider serves now.</source>
        <translation>%1 %2 的另一份不同的对账单已导入：此文件被拒绝。对账单以首次导入的为准；请确认支付机构现在提供的是哪一份。</translation>
    </message>
    <message>
        <source>Fee returned on refund %1 of %2</source>
        <translation>收款 %2 的退款 %1 退回的手续费</translation>
    </message>
    <message>
        <source>Fee on payment %1</source>
        <translation>收款 %1 的手续费</translation>
    </message>
    <message>
        <source>Line %1 of the statement was refused, nothing was imported: %2</source>
        <translation>对账单第 %1 行被拒绝，未导入任何内容：%2</translation>
    </message>
    <message>
        <source>Nothing of the statement was imported: %1</source>
        <translation>对账单未导入任何内容：%1</translation>
    </message>
</context>
<context>
    <name>TicketBuckets</name>
    <message>
        <source>&lt; ¥%1</source>
        <translation>&lt; ¥%1</translation>
    </message>
    <message>
        <source>≥ ¥%1</source>
        <translation>≥ ¥%1</translation>
    </message>
    <message>
        <source>¥%1–%2</source>
        <translation>¥%1–%2</translation>
    </message>
    <message>
        <source>%1+</source>
        <translation>%1+</translation>
    </message>
</context>
<context>
    <name>TradeStore</name>
    <message>
        <source>Cannot create the sandbox state folder %1.</source>
        <translation>无法创建沙箱状态文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The sandbox state file %1 is damaged or from another version.</source>
        <translation>沙箱状态文件 %1 已损坏或来自其他版本。</translation>
    </message>
    <message>
        <source>The trade is already paid.</source>
        <translation>该交易已支付。</translation>
    </message>
    <message>
        <source>The buyer&apos;s balance is not enough.</source>
        <translation>买家余额不足。</translation>
    </message>
    <message>
        <source>The refund exceeds what remains of the trade.</source>
        <translation>退款金额超过该交易的剩余可退金额。</translation>
    </message>
</context>
<context>
    <name>Transaction</name>
    <message>
        <source>The database is busy; try again in a moment. (%1)</source>
        <translation>数据库正忙，请稍后再试。（%1）</translation>
    </message>
    <message>
        <source>No transaction is open.</source>
        <translation>没有进行中的事务。</translation>
    </message>
</context>
<context>
    <name>Validators</name>
    <message>
        <source>A Unified Social Credit Code has 18 characters (this one has %1).</source>
        <translation>统一社会信用代码为 18 位（此代码为 %1 位）。</translation>
    </message>
    <message>
        <source>A Unified Social Credit Code has only digits and the capital letters A–Y without I, O, S, V and Z; &quot;%1&quot; is not one of them.</source>
        <translation>统一社会信用代码只包含数字和除 I、O、S、V、Z 之外的大写字母 A–Y；“%1”不在其中。</translation>
    </message>
    <message>
        <source>The last character of this code does not match the others: check it against the business licence. You may go on; the provider&apos;s review decides.</source>
        <translation>此代码的最后一位校验码与其他位不符：请与营业执照核对。您可以继续；以支付机构审核结果为准。</translation>
    </message>
    <message>
        <source>A resident ID number has 18 characters (this one has %1).</source>
        <translation>居民身份证号码为 18 位（此号码为 %1 位）。</translation>
    </message>
    <message>
        <source>The first 17 characters of an ID number are digits.</source>
        <translation>身份证号码前 17 位为数字。</translation>
    </message>
    <message>
        <source>Characters 7–14 of an ID number are the birth date; &quot;%1&quot; is not a real one.</source>
        <translation>身份证号码第 7–14 位为出生日期；“%1”不是有效日期。</translation>
    </message>
    <message>
        <source>This ID number is mistyped: its last character does not match the others.</source>
        <translation>此身份证号码输入有误：最后一位校验码与其他位不符。</translation>
    </message>
    <message>
        <source>Enter the date the ID was issued.</source>
        <translation>请输入身份证签发日期。</translation>
    </message>
    <message>
        <source>The ID&apos;s issue date is in the future.</source>
        <translation>身份证签发日期晚于今天。</translation>
    </message>
    <message>
        <source>Enter the date the ID expires, or choose &quot;long-term&quot;.</source>
        <translation>请输入身份证有效期截止日期，或选择“长期”。</translation>
    </message>
    <message>
        <source>The ID expires before it was issued.</source>
        <translation>身份证的截止日期早于签发日期。</translation>
    </message>
    <message>
        <source>This ID expired on %1: the provider refuses expired IDs. Renew it first.</source>
        <translation>此身份证已于 %1 过期：支付机构不接受过期证件。请先换领。</translation>
    </message>
    <message>
        <source>This ID expires within %1 days; providers often refuse IDs about to expire.</source>
        <translation>此身份证将在 %1 天内过期；支付机构通常不接受即将过期的证件。</translation>
    </message>
    <message>
        <source>A bank account number has 8 to 30 digits.</source>
        <translation>银行账号为 8 到 30 位数字。</translation>
    </message>
    <message>
        <source>A bank account number has only digits.</source>
        <translation>银行账号只能包含数字。</translation>
    </message>
    <message>
        <source>This account number fails the card check digit. Some domestic accounts do: check it before going on.</source>
        <translation>此账号未通过银行卡校验位检查。部分国内账户确实如此：请核对后再继续。</translation>
    </message>
    <message>
        <source>Enter the account holder&apos;s name.</source>
        <translation>请输入开户名。</translation>
    </message>
    <message>
        <source>A corporate account must be held by the business itself: the holder must read &quot;%1&quot;, exactly as on the business licence.</source>
        <translation>对公账户的开户名必须是企业本身：须为“%1”，与营业执照完全一致。</translation>
    </message>
    <message>
        <source>A personal account must be held by the legal representative: the holder must read &quot;%1&quot;.</source>
        <translation>对私账户的开户人必须是法定代表人：开户名须为“%1”。</translation>
    </message>
</context>
<context>
    <name>WechatPayAccount</name>
    <message>
        <source>The WeChat Pay account lacks its merchant id, app id or a certificate serial.</source>
        <translation>微信支付账户缺少商户号、AppID 或证书序列号。</translation>
    </message>
    <message>
        <source>The WeChat Pay APIv3 key must be exactly 32 characters.</source>
        <translation>微信支付 APIv3 密钥必须正好是 32 个字符。</translation>
    </message>
    <message>
        <source>The WeChat Pay APIv2 key must be exactly 32 characters.</source>
        <translation>微信支付 APIv2 密钥必须正好是 32 个字符。</translation>
    </message>
    <message>
        <source>The sandbox sent an incomplete WeChat Pay account.</source>
        <translation>沙箱返回的微信支付账户信息不完整。</translation>
    </message>
</context>
<context>
    <name>WechatPayBillParser</name>
    <message>
        <source>The WeChat Pay statement cannot be read: %1</source>
        <translation>无法读取微信支付账单：%1</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>the file ends in the middle of a line (truncated)</source>
        <translation>文件在一行中间结束（已截断）</translation>
    </message>
    <message>
        <source>the header has no column %1</source>
        <translation>表头缺少“%1”列</translation>
    </message>
    <message>
        <source>line %1 has %2 fields instead of %3</source>
        <translation>第 %1 行有 %2 个字段，应为 %3 个</translation>
    </message>
    <message>
        <source>line %1 has the unknown state &quot;%2&quot;</source>
        <translation>第 %1 行的状态“%2”无法识别</translation>
    </message>
    <message>
        <source>line %1 has the bad time &quot;%2&quot;</source>
        <translation>第 %1 行的时间“%2”无效</translation>
    </message>
    <message>
        <source>line %1 has no merchant order number</source>
        <translation>第 %1 行缺少商户订单号</translation>
    </message>
    <message>
        <source>line %1 has an amount that is not a number of yuan</source>
        <translation>第 %1 行的金额不是有效的元金额</translation>
    </message>
    <message>
        <source>line %1 is a refund without a refund number</source>
        <translation>第 %1 行是退款，但缺少退款单号</translation>
    </message>
    <message>
        <source>the summary rows are missing (truncated)</source>
        <translation>缺少汇总行（已截断）</translation>
    </message>
    <message>
        <source>the summary is not one row after its header</source>
        <translation>汇总表头之后不是恰好一行汇总</translation>
    </message>
    <message>
        <source>the summary counts %1 rows, the file has %2</source>
        <translation>汇总行记为 %1 笔，文件中有 %2 笔</translation>
    </message>
    <message>
        <source>the refunds add up to %1, the summary says %2</source>
        <translation>退款合计为 %1，汇总行却是 %2</translation>
    </message>
</context>
<context>
    <name>WechatPayCredentials</name>
    <message>
        <source>Platform certificate: %1</source>
        <translation>平台证书：%1</translation>
    </message>
    <message>
        <source>This serial is not the pasted platform certificate&apos;s (%1). Leave it empty to use the certificate&apos;s own.</source>
        <translation>此序列号与所粘贴的平台证书（%1）不符。留空即可使用证书自身的序列号。</translation>
    </message>
    <message>
        <source>Merchant ID (商户号)</source>
        <translation>商户号</translation>
    </message>
    <message>
        <source>digits, e.g. 1900000001</source>
        <translation>数字，例如 1900000001</translation>
    </message>
    <message>
        <source>pay.weixin.qq.com → Account centre → Merchant information: the merchant ID.</source>
        <translation>pay.weixin.qq.com → 账户中心 → 商户信息：商户号。</translation>
    </message>
    <message>
        <source>AppID</source>
        <translation>AppID</translation>
    </message>
    <message>
        <source>wx and 16 letters or digits</source>
        <translation>wx 加 16 位字母或数字</translation>
    </message>
    <message>
        <source>Product centre → AppID account management: the AppID bound to this merchant ID. WeChat Pay checks the pair at the first payment, not in this test.</source>
        <translation>产品中心 → AppID 账号管理：与此商户号绑定的 AppID。微信支付会在首笔收款时校验两者是否匹配，本测试不校验。</translation>
    </message>
    <message>
        <source>Merchant certificate serial (证书序列号)</source>
        <translation>商户证书序列号</translation>
    </message>
    <message>
        <source>up to 40 hexadecimal characters</source>
        <translation>最多 40 位十六进制字符</translation>
    </message>
    <message>
        <source>Account centre → API security → API certificate: the serial of the certificate whose private key you import below.</source>
        <translation>账户中心 → API 安全 → API 证书：即下面导入的私钥所对应证书的序列号。</translation>
    </message>
    <message>
        <source>Merchant API private key (apiclient_key.pem)</source>
        <translation>商户 API 私钥（apiclient_key.pem）</translation>
    </message>
    <message>
        <source>Import apiclient_key.pem from the folder WeChat Pay&apos;s certificate tool wrote when the API certificate was applied for. It never leaves this PC unencrypted.</source>
        <translation>从申请 API 证书时微信支付证书工具生成的文件夹中导入 apiclient_key.pem。私钥绝不会以未加密形式离开本机。</translation>
    </message>
    <message>
        <source>APIv3 key</source>
        <translation>APIv3 密钥</translation>
    </message>
    <message>
        <source>exactly 32 characters</source>
        <translation>正好 32 个字符</translation>
    </message>
    <message>
        <source>API security → APIv3 key: the 32 characters you set there. It decrypts payment notifications; WeChat Pay cannot check it in this test, so copy it carefully.</source>
        <translation>API 安全 → APIv3 密钥：您在那里设置的 32 个字符。它用于解密支付通知；本测试中微信支付无法校验它，请仔细复制。</translation>
    </message>
    <message>
        <source>WeChat Pay public key or platform certificate</source>
        <translation>微信支付公钥或平台证书</translation>
    </message>
    <message>
        <source>API security → WeChat Pay public key (pub_key.pem), or a platform certificate (wechatpay_….pem). It is WeChat Pay&apos;s key, not your merchant certificate.</source>
        <translation>API 安全 → 微信支付公钥（pub_key.pem），或平台证书（wechatpay_….pem）。这是微信支付的密钥，不是您的商户证书。</translation>
    </message>
    <message>
        <source>WeChat Pay public key ID</source>
        <translation>微信支付公钥 ID</translation>
    </message>
    <message>
        <source>PUB_KEY_ID_ and digits, or a certificate serial</source>
        <translation>PUB_KEY_ID_ 加数字，或证书序列号</translation>
    </message>
    <message>
        <source>Shown beside the WeChat Pay public key (PUB_KEY_ID_…). Leave empty when you pasted a platform certificate: its serial is read from it.</source>
        <translation>显示在微信支付公钥旁（PUB_KEY_ID_…）。如粘贴的是平台证书，请留空：序列号将从证书中读取。</translation>
    </message>
    <message>
        <source>APIv2 key (payment codes)</source>
        <translation>APIv2 密钥（付款码）</translation>
    </message>
    <message>
        <source>Optional. API security → APIv2 key: needed to scan customers&apos; payment codes; counter QR codes work without it.</source>
        <translation>可选。API 安全 → APIv2 密钥：扫描顾客付款码时需要；收银台二维码收款不需要。</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <source>Leave as it is for real payments.</source>
        <translation>正式收款请保持不变。</translation>
    </message>
    <message>
        <source>Notification address</source>
        <translation>通知地址</translation>
    </message>
    <message>
        <source>WeChat Pay requires one with every QR order: the public https address that forwards its payment notifications to this till. The till also asks WeChat Pay for each payment&apos;s outcome, so payments complete even when notifications do not arrive.</source>
        <translation>微信支付要求每个二维码订单都附带此地址：即将支付通知转发到本收银台的公网 https 地址。收银台也会主动向微信支付查询每笔收款的结果，因此即使收不到通知，收款也能完成。</translation>
    </message>
    <message>
        <source>https://…</source>
        <translation>https://…</translation>
    </message>
    <message>
        <source>This PC&apos;s clock differs from WeChat Pay&apos;s by more than five minutes, so neither side believes the other&apos;s signature. Set the date and time right and try again.</source>
        <translation>本机时钟与微信支付相差超过五分钟，双方都无法验证对方的签名。请校准日期和时间后重试。</translation>
    </message>
    <message>
        <source>WeChat Pay does not know this merchant ID. Copy it from the merchant platform&apos;s account centre. (%1)</source>
        <translation>微信支付不认识此商户号。请从商户平台的账户中心复制。（%1）</translation>
    </message>
    <message>
        <source>WeChat Pay does not know this merchant certificate serial for the merchant ID. Copy the serial of the API certificate whose apiclient_key.pem you imported. (%1)</source>
        <translation>微信支付不认识此商户号下的该商户证书序列号。请复制您所导入的 apiclient_key.pem 对应的 API 证书序列号。（%1）</translation>
    </message>
    <message>
        <source>WeChat Pay refused Paydesk&apos;s signature: the merchant API private key is not the key of the certificate with this serial. Import the apiclient_key.pem that belongs to it. (%1)</source>
        <translation>微信支付拒绝了 Paydesk 的签名：商户 API 私钥与此序列号的证书不匹配。请导入该证书对应的 apiclient_key.pem。（%1）</translation>
    </message>
    <message>
        <source>WeChat Pay answered, but signed with a key whose ID is not the one you entered (%1). Copy the WeChat Pay public key ID again, or the platform certificate.</source>
        <translation>微信支付已响应，但签名所用密钥的 ID 与您输入的不同（%1）。请重新复制微信支付公钥 ID 或平台证书。</translation>
    </message>
    <message>
        <source>WeChat Pay answered, but its answer does not verify with the WeChat Pay public key you entered. Copy WeChat Pay&apos;s public key (or platform certificate) again; it is not your merchant certificate.</source>
        <translation>微信支付已响应，但其响应无法用您输入的微信支付公钥验证。请重新复制微信支付公钥（或平台证书）；它不是您的商户证书。</translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s answer came without a signature, so it proves nothing. Check the API address.</source>
        <translation>微信支付的响应没有签名，无法证明任何内容。请检查 API 地址。</translation>
    </message>
</context>
<context>
    <name>WechatPayFundBillParser</name>
    <message>
        <source>The WeChat Pay fund statement cannot be read: %1</source>
        <translation>无法读取微信支付资金账单：%1</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>the file ends in the middle of a line (truncated)</source>
        <translation>文件在某行中间结束（已截断）</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text</source>
        <translation>文件不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>the header has no column %1</source>
        <translation>表头中没有 %1 列</translation>
    </message>
    <message>
        <source>line %1 has %2 fields instead of %3</source>
        <translation>第 %1 行有 %2 个字段，应为 %3 个</translation>
    </message>
    <message>
        <source>line %1 has the bad time &quot;%2&quot;</source>
        <translation>第 %1 行的时间“%2”有误</translation>
    </message>
    <message>
        <source>line %1 has an amount that is not a number of yuan</source>
        <translation>第 %1 行的金额不是以元为单位的数字</translation>
    </message>
    <message>
        <source>line %1 is neither income nor expense (&quot;%2&quot;)</source>
        <translation>第 %1 行既不是收入也不是支出（“%2”）</translation>
    </message>
    <message>
        <source>line %1 is a withdrawal without a fund-flow number</source>
        <translation>第 %1 行是提现，但没有资金流水号</translation>
    </message>
    <message>
        <source>the summary rows are missing (truncated)</source>
        <translation>缺少汇总行（已截断）</translation>
    </message>
    <message>
        <source>the summary is not one row after its header</source>
        <translation>汇总不是表头之后的一行</translation>
    </message>
    <message>
        <source>the summary counts %1 rows, the file has %2</source>
        <translation>汇总记为 %1 行，文件中有 %2 行</translation>
    </message>
    <message>
        <source>the summary&apos;s income and expense counts do not match the rows</source>
        <translation>汇总的收入和支出笔数与明细行不符</translation>
    </message>
    <message>
        <source>the summary&apos;s totals (%1 in, %2 out) do not match the rows (%3, %4)</source>
        <translation>汇总的合计（收入 %1，支出 %2）与明细行（%3，%4）不符</translation>
    </message>
</context>
<context>
    <name>WechatPaySignup</name>
    <message>
        <source>The sandbox did not register a WeChat Pay service provider: %1</source>
        <translation>沙箱未注册微信支付服务商：%1</translation>
    </message>
    <message>
        <source>WeChat Pay has not opened this category to merchants (暂未开放类目).</source>
        <translation>微信支付暂未向商户开放此类目（暂未开放类目）。</translation>
    </message>
    <message>
        <source>WeChat Pay takes lending and financial services only with a financial licence it can verify (无法提供相关资质).</source>
        <translation>微信支付仅在可核验金融许可证时接受借贷及金融服务类商户（无法提供相关资质）。</translation>
    </message>
</context>
<context>
    <name>WechatPayV2</name>
    <message>
        <source>The provider&apos;s XML answer is malformed: %1</source>
        <translation>支付机构返回的 XML 格式错误：%1</translation>
    </message>
    <message>
        <source>document type declarations are not accepted</source>
        <translation>不接受文档类型声明（DOCTYPE）</translation>
    </message>
    <message>
        <source>content after the root element</source>
        <translation>根元素之后还有内容</translation>
    </message>
    <message>
        <source>the root element is not &lt;xml&gt;</source>
        <translation>根元素不是 &lt;xml&gt;</translation>
    </message>
    <message>
        <source>element &lt;%1&gt; is not flat</source>
        <translation>元素 &lt;%1&gt; 含有嵌套内容</translation>
    </message>
    <message>
        <source>element &lt;%1&gt; appears twice</source>
        <translation>元素 &lt;%1&gt; 出现了两次</translation>
    </message>
    <message>
        <source>no &lt;xml&gt; root</source>
        <translation>缺少 &lt;xml&gt; 根元素</translation>
    </message>
</context>
<context>
    <name>WechatPayV3Signer</name>
    <message>
        <source>The answer is not signed.</source>
        <translation>应答没有签名。</translation>
    </message>
    <message>
        <source>The answer is signed with a key this till does not know (%1).</source>
        <translation>应答使用了本收银台不认识的密钥签名（%1）。</translation>
    </message>
    <message>
        <source>The answer&apos;s time is more than %1 s away from this till&apos;s clock.</source>
        <translation>应答时间与本收银台时钟相差超过 %1 秒。</translation>
    </message>
    <message>
        <source>The answer failed its signature check.</source>
        <translation>应答未通过签名验证。</translation>
    </message>
    <message>
        <source>The APIv3 key must be 32 bytes.</source>
        <translation>APIv3 密钥必须是 32 字节。</translation>
    </message>
    <message>
        <source>The encrypted notification is malformed.</source>
        <translation>加密通知格式错误。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Option %1 needs a value.</source>
        <translation>选项 %1 需要一个值。</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>未知选项 %1。</translation>
    </message>
    <message>
        <source>Paydesk cannot start</source>
        <translation>Paydesk 无法启动</translation>
    </message>
    <message>
        <source>
Run &apos;%1 COMMAND --help&apos; for a command&apos;s options.
</source>
        <translation>
运行 &apos;%1 命令 --help&apos; 查看命令的选项。
</translation>
    </message>
    <message>
        <source>Name a command.</source>
        <translation>请指定一个命令。</translation>
    </message>
    <message>
        <source>Usage: %1 [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] [--hq URL] [COMMAND ...]

Without a command, Paydesk opens its window. Commands:
</source>
        <translation>用法：%1 [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] [--hq URL] [COMMAND ...]

不带命令时，Paydesk 打开主窗口。命令：
</translation>
    </message>
</context>
<context>
    <name>paydesk::AlertsPanel</name>
    <message>
        <source>Show acknowledged</source>
        <translation>显示已确认</translation>
    </message>
    <message>
        <source>Acknowledge...</source>
        <translation>确认处理…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Acknowledge alert</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <source>What did you find?</source>
        <translation>核查结果如何？</translation>
    </message>
    <message>
        <source>Acknowledged.</source>
        <translation>已确认。</translation>
    </message>
</context>
<context>
    <name>paydesk::AlipayProvider</name>
    <message>
        <source>The provider sent no QR code.</source>
        <translation>支付机构未返回二维码。</translation>
    </message>
    <message>
        <source>The provider sent no statement address.</source>
        <translation>支付机构未返回对账单下载地址。</translation>
    </message>
    <message>
        <source>The notification is not signed.</source>
        <translation>通知未签名。</translation>
    </message>
    <message>
        <source>The notification failed its signature check.</source>
        <translation>通知未通过签名验证。</translation>
    </message>
    <message>
        <source>The notification is for another Alipay app.</source>
        <translation>该通知属于另一个支付宝应用。</translation>
    </message>
    <message>
        <source>The notification is for another merchant.</source>
        <translation>该通知属于另一个商户。</translation>
    </message>
    <message>
        <source>The notification lacks required fields.</source>
        <translation>通知缺少必填字段。</translation>
    </message>
</context>
<context>
    <name>paydesk::AlipayTransport</name>
    <message>
        <source>Alipay is not configured (gateway or app id missing).</source>
        <translation>支付宝未配置（缺少网关或应用 ID）。</translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>%1 毫秒内无应答。</translation>
    </message>
    <message>
        <source>The provider answered HTTP %1.</source>
        <translation>支付机构返回 HTTP %1。</translation>
    </message>
    <message>
        <source>The provider sent an empty answer.</source>
        <translation>支付机构返回了空应答。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read.</source>
        <translation>无法解析支付机构的应答。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer failed its signature check.</source>
        <translation>支付机构的应答未通过签名验证。</translation>
    </message>
    <message>
        <source>The statement download timed out.</source>
        <translation>对账单下载超时。</translation>
    </message>
    <message>
        <source>The statement download failed: %1</source>
        <translation>对账单下载失败：%1</translation>
    </message>
</context>
<context>
    <name>paydesk::AnnouncementSettingsPage</name>
    <message>
        <source>Paydesk</source>
        <translation>Paydesk</translation>
    </message>
    <message>
        <source>Announce each payment received (provider and amount)</source>
        <translation>播报每笔收款（支付机构和金额）</translation>
    </message>
    <message>
        <source>Announce refunds</source>
        <translation>播报退款</translation>
    </message>
    <message>
        <source>Warn out loud about a possible duplicate charge</source>
        <translation>语音提示可能的重复扣款</translation>
    </message>
    <message>
        <source>Voice:</source>
        <translation>语音：</translation>
    </message>
    <message>
        <source>Default for the language</source>
        <translation>跟随语言默认</translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation>音量：</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>语速：</translation>
    </message>
    <message>
        <source>Test the announcement</source>
        <translation>测试播报</translation>
    </message>
</context>
<context>
    <name>paydesk::AnomalyMonitor</name>
    <message>
        <source>A payment of %1 is more than %2 times the usual ticket (median %3).</source>
        <translation>一笔 %1 的付款超过平时客单价的 %2 倍（中位数 %3）。</translation>
    </message>
    <message>
        <source>%1 payments in the last %2 minutes.</source>
        <translation>最近 %2 分钟内有 %1 笔付款。</translation>
    </message>
    <message>
        <source>%1 refunded %2 at %3, outside opening hours (%4).</source>
        <translation>%1 在营业时间（%4）以外的 %3 退款 %2。</translation>
    </message>
    <message>
        <source>%1 made %2 refunds in %3 minutes.</source>
        <translation>%1 在 %3 分钟内办理了 %2 笔退款。</translation>
    </message>
    <message>
        <source>%1 refunded %2 of %3 taken today (more than %4%).</source>
        <translation>%1 已退款 %2，超过今日收款 %3 的 %4%。</translation>
    </message>
    <message>
        <source>%1 payment codes were refused in %2 minutes.</source>
        <translation>%2 分钟内有 %1 个付款码被拒。</translation>
    </message>
    <message>
        <source>%1 cancelled or reversed %2 payments in %3 minutes.</source>
        <translation>%1 在 %3 分钟内取消或撤销了 %2 笔付款。</translation>
    </message>
    <message>
        <source>The alert does not exist or was already acknowledged.</source>
        <translation>该告警不存在或已被确认。</translation>
    </message>
</context>
<context>
    <name>paydesk::AuditView</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验日志链</translation>
    </message>
    <message>
        <source>Action (e.g. operator. or refund.created)</source>
        <translation>操作（例如 operator. 或 refund.created）</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message numerus="yes">
        <source>The audit log is intact: %n entries verified.</source>
        <translation>
            <numerusform>审计日志完好：已校验 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log was tampered with, first at entry %1. %2</source>
        <translation>审计日志已被篡改，最早出现在第 %1 条记录。%2</translation>
    </message>
    <message>
        <source>Entries 1 to %1 were written before the log was keyed and are checked with the older, unkeyed hash.</source>
        <translation>第 1 至 %1 条写于日志启用密钥之前，使用旧的无密钥哈希校验。</translation>
    </message>
</context>
<context>
    <name>paydesk::CaseRefunder</name>
    <message>
        <source>There is no case %1.</source>
        <translation>没有工单 %1。</translation>
    </message>
    <message>
        <source>Charged twice for one sale: refunded automatically (owner&apos;s setting).</source>
        <translation>一笔销售被扣款两次：已自动退款（店主设置）。</translation>
    </message>
    <message>
        <source>The till did not book this payment, so it cannot refund it. Check it with the provider and dismiss the case with what was done.</source>
        <translation>收银台未记录这笔付款，因此无法退款。请向支付机构核实，并注明处理情况后驳回此工单。</translation>
    </message>
    <message>
        <source>Case %1 is already %2.</source>
        <translation>工单 %1 已%2。</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Order %1 is not on this till.</source>
        <translation>订单 %1 不在本收银台。</translation>
    </message>
    <message>
        <source>Nothing is left to refund on order %1 (it was refunded another way). Dismiss the case and say so.</source>
        <translation>订单 %1 已无可退金额（已通过其他方式退款）。请驳回此工单并注明情况。</translation>
    </message>
    <message>
        <source>The refund could not be recorded in the audit log; nothing was refunded.</source>
        <translation>退款无法记入审计日志；未退任何款项。</translation>
    </message>
</context>
<context>
    <name>paydesk::CaseService</name>
    <message>
        <source>Give a reason: what was checked, and why no refund is due (or how the money went back).</source>
        <translation>请填写原因：核查了什么，以及为何无需退款（或款项如何退回）。</translation>
    </message>
    <message numerus="yes">
        <source>The reason can have at most %n characters.</source>
        <translation>
            <numerusform>原因最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no case %1.</source>
        <translation>没有工单 %1。</translation>
    </message>
</context>
<context>
    <name>paydesk::CasesPanel</name>
    <message>
        <source>No open case. Charges that may have to go back to a customer show up here as soon as they are found.</source>
        <translation>没有未处理的工单。可能需要退还顾客的扣款一经发现即会显示在这里。</translation>
    </message>
    <message>
        <source>Suggested:</source>
        <translation>建议：</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>支付时间</translation>
    </message>
    <message>
        <source>Payer (hashed)</source>
        <translation>付款人（哈希）</translation>
    </message>
    <message>
        <source>Transaction id</source>
        <translation>交易号</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>answer lost</source>
        <translation>应答丢失</translation>
    </message>
    <message>
        <source>Resolved by %1: %2</source>
        <translation>由 %1 处理：%2</translation>
    </message>
    <message>
        <source>Case %1 dismissed.</source>
        <translation>工单 %1 已驳回。</translation>
    </message>
    <message>
        <source>Refund %1 of order %2</source>
        <translation>订单 %2 退款 %1</translation>
    </message>
    <message>
        <source>Refunding %1 of order %2…</source>
        <translation>正在为订单 %2 退款 %1…</translation>
    </message>
    <message>
        <source>Case %1: %2 refunded to the customer.</source>
        <translation>工单 %1：已向顾客退款 %2。</translation>
    </message>
    <message>
        <source>Case %1: the refund is with the provider; the case closes when it is final.</source>
        <translation>工单 %1：退款已提交支付机构；结果确定后工单将关闭。</translation>
    </message>
    <message numerus="yes">
        <source>%n new or changed case(s).</source>
        <translation>
            <numerusform>%n 个新增或变更的工单。</numerusform>
        </translation>
    </message>
    <message>
        <source>Show resolved cases</source>
        <translation>显示已处理的工单</translation>
    </message>
    <message>
        <source>Look for duplicates now</source>
        <translation>立即检查重复扣款</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Reason (required): what you checked and why</source>
        <translation>原因（必填）：您核查了什么以及原因</translation>
    </message>
    <message>
        <source>Refund the later charge</source>
        <translation>退还后一笔扣款</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>驳回</translation>
    </message>
</context>
<context>
    <name>paydesk::CasesView</name>
    <message>
        <source>Find payment</source>
        <translation>查找付款</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Customer issues</source>
        <translation>客户问题</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
</context>
<context>
    <name>paydesk::CashEntryDialog</name>
    <message>
        <source>Pay out cash</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Open your shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cash taken out of the drawer (a supplier paid, change fetched): it is booked and the drawer count expects it.</source>
        <translation>从钱箱取出的现金（支付供应商货款、换零钱）：会记账，并计入钱箱清点的应有金额。</translation>
    </message>
    <message>
        <source>Count the cash in the drawer before the first sale. The till expects this float plus your cash sales when you close the shift.</source>
        <translation>请在第一笔销售前清点钱箱中的现金。交班时，系统预计钱箱金额为这笔备用金加上本班现金销售额。</translation>
    </message>
    <message>
        <source>Amount paid out:</source>
        <translation>支出金额：</translation>
    </message>
    <message>
        <source>Cash in the drawer:</source>
        <translation>钱箱现金：</translation>
    </message>
    <message>
        <source>What for:</source>
        <translation>用途：</translation>
    </message>
    <message>
        <source>Pay out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>A payout must be more than zero.</source>
        <translation>支出金额必须大于零。</translation>
    </message>
    <message>
        <source>Say what the cash was paid out for.</source>
        <translation>请说明这笔现金的用途。</translation>
    </message>
</context>
<context>
    <name>paydesk::ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat new password:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>The owner set a temporary password. Choose your own to continue.</source>
        <translation>店主设置了临时密码。请设置您自己的密码后继续。</translation>
    </message>
    <message numerus="yes">
        <source>Your password is older than %n day(s), the limit the owner set. Choose a new one to continue.</source>
        <translation>
            <numerusform>您的密码已超过店主设定的期限 %n 天。请设置新密码后继续。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::ChartCard</name>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Save this chart as a picture</source>
        <translation>将此图表保存为图片</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Save the numbers of this chart for a spreadsheet</source>
        <translation>将此图表的数据保存为电子表格文件</translation>
    </message>
    <message>
        <source>No sales in this range yet.</source>
        <translation>此时间范围内暂无销售。</translation>
    </message>
    <message>
        <source>The picture could not be saved to %1.</source>
        <translation>无法将图片保存到 %1。</translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation>无法写入文件 %1：%2</translation>
    </message>
    <message>
        <source>Save chart as PNG</source>
        <translation>将图表保存为 PNG</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Save chart data as CSV</source>
        <translation>将图表数据保存为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>paydesk::CheckoutService</name>
    <message>
        <source>Enter an amount greater than zero.</source>
        <translation>请输入大于零的金额。</translation>
    </message>
    <message>
        <source>Payments with &quot;%1&quot; are not set up on this till.</source>
        <translation>本收银台未开通“%1”收款。</translation>
    </message>
    <message>
        <source>Waiting for the previous attempt %1 to close</source>
        <translation>正在等待上一次收款 %1 关闭</translation>
    </message>
    <message>
        <source>The previous attempt was paid; this code was not charged.</source>
        <translation>上一次收款已成功；本次付款码未扣款。</translation>
    </message>
    <message>
        <source>Cancelled by the cashier; nothing was charged.</source>
        <translation>收银员已取消；未扣款。</translation>
    </message>
    <message>
        <source>Order %1 is already %2.</source>
        <translation>订单 %1 的状态已是“%2”。</translation>
    </message>
    <message>
        <source>The cash tendered is less than the amount due.</source>
        <translation>实收现金少于应收金额。</translation>
    </message>
    <message>
        <source>This sale is already paid (order %1).</source>
        <translation>该笔销售已支付（订单 %1）。</translation>
    </message>
    <message>
        <source>Cancel the wallet payment %1 before taking cash.</source>
        <translation>收取现金前，请先撤销钱包付款 %1。</translation>
    </message>
    <message>
        <source>Paid in cash; change %1</source>
        <translation>现金支付；找零 %1</translation>
    </message>
    <message>
        <source>%1 is more than the largest sale this till takes (%2). Check the amount; a larger sale needs the manager.</source>
        <translation>%1 超过本收银台单笔销售上限（%2）。请核对金额；更大金额的销售需要经理处理。</translation>
    </message>
    <message>
        <source>An earlier payment of this sale (%1) is still being closed; wait for it to finish.</source>
        <translation>本次销售的上一笔付款（%1）仍在关闭中，请等待其完成。</translation>
    </message>
    <message>
        <source>This is a %1 code, but %1 is not set up on this till. Ask the customer to pay another way, or take cash.</source>
        <translation>这是%1付款码，但本收银台未开通%1。请顾客改用其他方式付款，或收取现金。</translation>
    </message>
    <message>
        <source>Replaced by a newer payment code before it was sent; nothing was charged.</source>
        <translation>在发送前已被更新的付款码替换；未扣款。</translation>
    </message>
    <message>
        <source>No payment was taken: the order could not be saved before asking the provider. %1</source>
        <translation>未收取任何款项：在请求支付机构之前未能保存订单。%1</translation>
    </message>
    <message>
        <source>The provider took the payment (transaction %1), but it could not be saved yet: %2</source>
        <translation>支付机构已收款（交易号 %1），但暂时未能保存：%2</translation>
    </message>
</context>
<context>
    <name>paydesk::CheckoutView</name>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Amount to charge</source>
        <translation>收款金额</translation>
    </message>
    <message>
        <source>Charge by QR (Enter)</source>
        <translation>二维码收款（Enter）</translation>
    </message>
    <message>
        <source>Scan code (F2)</source>
        <translation>扫码收款（F2）</translation>
    </message>
    <message>
        <source>Payment link (F3)</source>
        <translation>付款链接（F3）</translation>
    </message>
    <message>
        <source>Cash (F4)</source>
        <translation>现金（F4）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>Scan or type the customer&apos;s payment code</source>
        <translation>扫描或输入顾客的付款码</translation>
    </message>
    <message>
        <source>Cash tendered</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <source>Take cash</source>
        <translation>现金收款</translation>
    </message>
    <message>
        <source>Enter an amount and press Enter.</source>
        <translation>请输入金额并按 Enter。</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Enter the amount first.</source>
        <translation>请先输入金额。</translation>
    </message>
    <message>
        <source>Enter an amount greater than zero.</source>
        <translation>请输入大于零的金额。</translation>
    </message>
    <message>
        <source>A payment is in progress. Wait for it or press Esc to cancel it.</source>
        <translation>正在收款中。请等待完成，或按 Esc 取消。</translation>
    </message>
    <message>
        <source>Not enough: %1 short</source>
        <translation>金额不足：还差 %1</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <source>Tell the customer: %1</source>
        <translation>请告知顾客：%1</translation>
    </message>
    <message>
        <source>Change to give: %1</source>
        <translation>应找零：%1</translation>
    </message>
    <message>
        <source>Valid for %1 h %2 min</source>
        <translation>有效期 %1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1:%2 left</source>
        <translation>剩余 %1:%2</translation>
    </message>
    <message>
        <source>Print receipt (F5)</source>
        <translation>打印小票（F5）</translation>
    </message>
    <message>
        <source>Receipt as PDF (F6)</source>
        <translation>小票存为 PDF（F6）</translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation>小票已保存到 %1</translation>
    </message>
</context>
<context>
    <name>paydesk::CloseShiftDialog</name>
    <message>
        <source>Close the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Cash counted in the drawer:</source>
        <translation>钱箱实点现金：</translation>
    </message>
    <message>
        <source>Count by banknote and coin</source>
        <translation>按纸币和硬币清点</translation>
    </message>
    <message>
        <source>Wrong change given</source>
        <translation>找零错误</translation>
    </message>
    <message>
        <source>Cash sale not entered</source>
        <translation>现金销售未录入</translation>
    </message>
    <message>
        <source>Counting error</source>
        <translation>清点错误</translation>
    </message>
    <message>
        <source>Cash taken without a payout</source>
        <translation>未登记支出即取走现金</translation>
    </message>
    <message>
        <source>Reason for a difference:</source>
        <translation>差额原因：</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Expected in the drawer: %1</source>
        <translation>钱箱应有：%1</translation>
    </message>
    <message>
        <source>The drawer matches: %1</source>
        <translation>钱箱账实相符：%1</translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <source> — a manager must confirm</source>
        <translation> — 需店长确认</translation>
    </message>
    <message>
        <source>Over by %1</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <source>Counted cash: %1</source>
        <translation>实点现金：%1</translation>
    </message>
</context>
<context>
    <name>paydesk::ConnectAccountDialog</name>
    <message>
        <source>Connect an existing merchant account</source>
        <translation>关联已有商户账户</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>支付机构：</translation>
    </message>
    <message>
        <source>Paydesk checks the details with the provider before saving them. A new account is used from the next start of Paydesk.</source>
        <translation>Paydesk 会先向支付机构核验这些信息再保存。新账户将在 Paydesk 下次启动时启用。</translation>
    </message>
</context>
<context>
    <name>paydesk::ConnectAccountPanel</name>
    <message>
        <source>Check and connect</source>
        <translation>核验并关联</translation>
    </message>
    <message>
        <source>Checking with %1…</source>
        <translation>正在向%1核验…</translation>
    </message>
    <message>
        <source>Connecting a merchant account needs your second factor.</source>
        <translation>关联商户账户需要进行二次验证。</translation>
    </message>
    <message>
        <source>Not connected: %1 Nothing was saved.</source>
        <translation>关联失败：%1 未保存任何内容。</translation>
    </message>
    <message>
        <source>Not connected: see the note at the field above. Nothing was saved.</source>
        <translation>关联失败：请查看上方字段处的提示。未保存任何内容。</translation>
    </message>
    <message>
        <source>✓ Connected. %1 answered a test query for %2 with a signed &quot;no such trade&quot;: the account and both keys are right. The account is saved (the private key encrypted).</source>
        <translation>✓ 已关联。%1 对 %2 的测试查询返回了带签名的“交易不存在”：账户和两把密钥均正确。账户已保存（私钥已加密）。</translation>
    </message>
</context>
<context>
    <name>paydesk::ConnectAccountStep</name>
    <message>
        <source>Connect your merchant account</source>
        <translation>关联您的商户账户</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Enter the details of your %1 account. Paydesk checks them with %1 before anything is saved.</source>
        <translation>请输入您的%1账户信息。Paydesk 会先向%1核验，然后才保存。</translation>
    </message>
</context>
<context>
    <name>paydesk::CredentialForm</name>
    <message>
        <source>Show more settings</source>
        <translation>显示更多设置</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <source>Paste the key here (PEM or Base64), or import its file.</source>
        <translation>在此粘贴密钥（PEM 或 Base64），或导入密钥文件。</translation>
    </message>
    <message>
        <source>Make a new key pair</source>
        <translation>生成新密钥对</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Its public key, to paste into the provider&apos;s console:</source>
        <translation>对应的公钥，请粘贴到支付机构的商户后台：</translation>
    </message>
    <message>
        <source>Copy public key</source>
        <translation>复制公钥</translation>
    </message>
    <message>
        <source>✓ RSA-%1 private key set; it is stored encrypted on this PC only.</source>
        <translation>✓ 已设置 RSA-%1 私钥；它仅加密保存在本机。</translation>
    </message>
    <message>
        <source>✓ RSA-%1 public key.</source>
        <translation>✓ RSA-%1 公钥。</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>导入%1</translation>
    </message>
    <message>
        <source>Key files (*.pem *.key *.txt *.crt);;All files (*)</source>
        <translation>密钥文件 (*.pem *.key *.txt *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>✓ Certificate %1 with an RSA-%2 public key.</source>
        <translation>✓ 证书 %1，RSA-%2 公钥。</translation>
    </message>
</context>
<context>
    <name>paydesk::CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation>顾客显示屏</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>Your change: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <source>Refund requested</source>
        <translation>已申请退款</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
</context>
<context>
    <name>paydesk::DashboardView</name>
    <message>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <source>All tills</source>
        <translation>全部收银台</translation>
    </message>
    <message>
        <source>All cashiers</source>
        <translation>全部收银员</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>全部支付机构</translation>
    </message>
    <message>
        <source>The figures could not be read: %1</source>
        <translation>无法读取数据：%1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>last week</source>
        <translation>上周</translation>
    </message>
    <message>
        <source>last month</source>
        <translation>上月</translation>
    </message>
    <message numerus="yes">
        <source>Live monitoring (%n open alert(s))</source>
        <translation>
            <numerusform>实时监控（%n 条未处理告警）</numerusform>
        </translation>
    </message>
    <message>
        <source>Live monitoring</source>
        <translation>实时监控</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>经营看板</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
</context>
<context>
    <name>paydesk::FindPaymentPanel</name>
    <message>
        <source>No payment on this till matches. Check the number with the customer; a payment taken at another till is not listed here.</source>
        <translation>本收银台没有匹配的付款。请与顾客核对号码；在其他收银台收取的付款不会在此列出。</translation>
    </message>
    <message>
        <source>Order %1 — %2, %3</source>
        <translation>订单 %1 — %2，%3</translation>
    </message>
    <message>
        <source>Transaction id at %1: %2</source>
        <translation>%1交易号：%2</translation>
    </message>
    <message>
        <source>Refunded so far: %1</source>
        <translation>已退款金额：%1</translation>
    </message>
    <message>
        <source>Flagged: this payment should be refunded (see Cases).</source>
        <translation>已标记：这笔付款应予退款（见“售后与退款”）。</translation>
    </message>
    <message>
        <source>%1 customer service: %2 (give them the transaction id)</source>
        <translation>%1客服：%2（请向其提供交易号）</translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation>正在查询支付机构…</translation>
    </message>
    <message>
        <source>Money moved: YES</source>
        <translation>资金是否变动：是</translation>
    </message>
    <message>
        <source>Money moved: NO</source>
        <translation>资金是否变动：否</translation>
    </message>
    <message>
        <source>Money moved: NOT KNOWN</source>
        <translation>资金是否变动：未知</translation>
    </message>
    <message>
        <source>Type what the customer shows: the transaction id or the merchant order number from their phone, or the order number on the receipt. Or give the amount and when they paid.</source>
        <translation>请输入顾客出示的信息：手机上的交易号或商户订单号，或小票上的订单号。也可以输入金额和付款时间。</translation>
    </message>
    <message>
        <source>Transaction id or order number</source>
        <translation>交易号或订单号</translation>
    </message>
    <message>
        <source>Amount, e.g. 12.50</source>
        <translation>金额，例如 12.50</translation>
    </message>
    <message>
        <source>Any provider</source>
        <translation>任意支付机构</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Transaction id</source>
        <translation>交易号</translation>
    </message>
    <message>
        <source>Did money move? Ask the provider</source>
        <translation>资金是否变动？向支付机构查询</translation>
    </message>
    <message>
        <source>Log a complaint…</source>
        <translation>登记投诉…</translation>
    </message>
    <message>
        <source>Transaction id / order number:</source>
        <translation>交易号 / 订单号：</translation>
    </message>
    <message>
        <source>Or amount, from, to, provider:</source>
        <translation>或金额、起止时间、支付机构：</translation>
    </message>
</context>
<context>
    <name>paydesk::FinishedStep</name>
    <message>
        <source>Ready to take payments</source>
        <translation>可以开始收款了</translation>
    </message>
    <message>
        <source>✓ Owner: %1, with two-factor authentication.</source>
        <translation>✓ 店主：%1，已启用二次验证。</translation>
    </message>
    <message>
        <source>✓ Sandbox: %1 No real money moves; connect a real account in Settings when you are ready.</source>
        <translation>✓ 沙箱：%1 不涉及真实资金；准备好后请在“设置”中关联真实账户。</translation>
    </message>
    <message>
        <source>✓ New %1 merchant account %2 approved and live.</source>
        <translation>✓ 新的%1商户账户 %2 已审核通过并已启用。</translation>
    </message>
    <message>
        <source>✓ %1 account %2 connected and checked.</source>
        <translation>✓ %1账户 %2 已关联并通过核验。</translation>
    </message>
    <message>
        <source>%1 support: %2. It stays in the Help menu.</source>
        <translation>%1客服：%2。可随时在“帮助”菜单中查看。</translation>
    </message>
    <message>
        <source>Press Finish to open the till: type an amount and press Enter, the customer scans the QR code.</source>
        <translation>点击“完成”打开收银台：输入金额后按 Enter，顾客扫描二维码即可。</translation>
    </message>
    <message>
        <source>Paydesk is set up.</source>
        <translation>Paydesk 已设置完成。</translation>
    </message>
</context>
<context>
    <name>paydesk::HeadOfficeWindow</name>
    <message>
        <source>Paydesk head office — %1</source>
        <translation>Paydesk 总部 — %1</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Business day:</source>
        <translation>营业日：</translation>
    </message>
    <message>
        <source>Store:</source>
        <translation>门店：</translation>
    </message>
    <message>
        <source>Till:</source>
        <translation>收银台：</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Books</source>
        <translation>账簿</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>已结算到账</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Last push</source>
        <translation>最近推送</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>经营看板</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>所有门店</translation>
    </message>
    <message>
        <source>All tills</source>
        <translation>所有收银台</translation>
    </message>
    <message>
        <source>Net %1 from %2 paid orders (gross %3, refunded %4)</source>
        <translation>净额 %1，来自 %2 笔已支付订单（总额 %3，已退款 %4）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Read at %1</source>
        <translation>读取于 %1</translation>
    </message>
</context>
<context>
    <name>paydesk::Headless</name>
    <message>
        <source>This command needs --operator NAME.</source>
        <translation>此命令需要 --operator 姓名。</translation>
    </message>
    <message>
        <source>Set PAYDESK_PASSWORD to the operator&apos;s password.</source>
        <translation>请将 PAYDESK_PASSWORD 设置为该操作员的密码。</translation>
    </message>
    <message>
        <source>This operator uses two-factor authentication: set PAYDESK_TOTP to the current code.</source>
        <translation>该操作员已启用二次验证：请将 PAYDESK_TOTP 设置为当前动态验证码。</translation>
    </message>
</context>
<context>
    <name>paydesk::HqConnectDialog</name>
    <message>
        <source>Connect to head office</source>
        <translation>连接总部</translation>
    </message>
    <message>
        <source>empty: from PGPASSWORD or ~/.pgpass</source>
        <translation>留空：取自 PGPASSWORD 或 ~/.pgpass</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>The consolidated books of every store live in head office&apos;s PostgreSQL. Connect with a reader&apos;s role.</source>
        <translation>所有门店的合并账簿存放在总部的 PostgreSQL 中。请使用只读角色连接。</translation>
    </message>
</context>
<context>
    <name>paydesk::HqController</name>
    <message>
        <source>Head &amp;office</source>
        <translation>总部(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Consolidated books of every store...</source>
        <translation>各门店合并账簿(&amp;C)...</translation>
    </message>
    <message>
        <source>Head office not reached; sales are kept and sent later. %1</source>
        <translation>未能连接总部；销售数据已保留，稍后发送。%1</translation>
    </message>
</context>
<context>
    <name>paydesk::IssueLog</name>
    <message>
        <source>Payment failed, but money may be gone</source>
        <translation>付款失败，但可能已扣款</translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation>重复扣款</translation>
    </message>
    <message>
        <source>Refund not received</source>
        <translation>未收到退款</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>1. Look the payment up</source>
        <translation>1. 查找这笔付款</translation>
    </message>
    <message>
        <source>2. Confirm with the provider whether money moved</source>
        <translation>2. 向支付机构确认资金是否变动</translation>
    </message>
    <message>
        <source>3. Refund, or explain to the customer</source>
        <translation>3. 退款，或向顾客解释</translation>
    </message>
    <message>
        <source>4. If still unclear: call the provider with the transaction id</source>
        <translation>4. 如仍不明确：凭交易号致电支付机构</translation>
    </message>
    <message numerus="yes">
        <source>Keep the contact short (at most %n characters): a phone number or a name is enough.</source>
        <translation>
            <numerusform>联系方式请尽量简短（最多 %n 个字符）：留电话或姓名即可。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The description can have at most %n characters.</source>
        <translation>
            <numerusform>描述最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>Say in a few words what the customer reports.</source>
        <translation>请用几句话说明顾客反映的问题。</translation>
    </message>
    <message>
        <source>There is no order %1 on this till. Look the payment up first, or log the complaint without an order.</source>
        <translation>本收银台没有订单 %1。请先查找这笔付款，或不关联订单直接登记投诉。</translation>
    </message>
    <message>
        <source>Complaint %1 is not open (it was resolved, or it does not exist).</source>
        <translation>投诉 %1 不在处理中（已解决或不存在）。</translation>
    </message>
    <message>
        <source>Write down what was done (refunded, explained, provider called) before closing the complaint.</source>
        <translation>关闭投诉前，请记录处理结果（已退款、已解释、已致电支付机构）。</translation>
    </message>
    <message numerus="yes">
        <source>The outcome can have at most %n characters.</source>
        <translation>
            <numerusform>处理结果最多 %n 个字符。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::IssuesPanel</name>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>%1 of 4 steps</source>
        <translation>第 %1 步，共 4 步</translation>
    </message>
    <message>
        <source>No complaint selected.</source>
        <translation>未选择投诉。</translation>
    </message>
    <message>
        <source>Complaint %1: %2</source>
        <translation>投诉 %1：%2</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>联系方式：%1</translation>
    </message>
    <message>
        <source>Provider&apos;s answer: money moved — %1</source>
        <translation>支付机构答复：资金是否变动 — %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>case %1</source>
        <translation>工单 %1</translation>
    </message>
    <message>
        <source>refund %1</source>
        <translation>退款 %1</translation>
    </message>
    <message>
        <source>Linked: %1</source>
        <translation>关联：%1</translation>
    </message>
    <message>
        <source>Resolved by %1: %2</source>
        <translation>由 %1 解决：%2</translation>
    </message>
    <message>
        <source>Transaction id for %1: %2</source>
        <translation>%1交易号：%2</translation>
    </message>
    <message>
        <source>%1 customer service: %2 — give them the transaction id %3 and our order number %4.</source>
        <translation>%1客服：%2 — 请向其提供交易号 %3 和我方订单号 %4。</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Complaint %1 logged. Follow the checklist below.</source>
        <translation>投诉 %1 已登记。请按下方清单处理。</translation>
    </message>
    <message>
        <source>Order %1 is not on this till.</source>
        <translation>订单 %1 不在本收银台。</translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation>正在查询支付机构…</translation>
    </message>
    <message>
        <source>Complaint %1 closed.</source>
        <translation>投诉 %1 已关闭。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n complaint(s) exported to %1.</source>
        <translation>
            <numerusform>已将 %n 条投诉导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export complaints</source>
        <translation>导出投诉</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>新投诉</translation>
    </message>
    <message>
        <source>Order number (optional; use Find payment)</source>
        <translation>订单号（可选；请使用“查找付款”）</translation>
    </message>
    <message>
        <source>Phone or name, only if the customer wants a call back</source>
        <translation>电话或姓名，仅在顾客需要回电时填写</translation>
    </message>
    <message>
        <source>What the customer says, in a few words</source>
        <translation>顾客反映的问题，简述即可</translation>
    </message>
    <message>
        <source>Log complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Show resolved complaints</source>
        <translation>显示已解决的投诉</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Customer reports</source>
        <translation>顾客反映</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>处理清单</translation>
    </message>
    <message>
        <source>Ask the provider whether money moved</source>
        <translation>向支付机构查询资金是否变动</translation>
    </message>
    <message>
        <source>What was done (required to close)</source>
        <translation>处理结果（关闭时必填）</translation>
    </message>
    <message>
        <source>Close complaint</source>
        <translation>关闭投诉</translation>
    </message>
    <message>
        <source>Customer reports:</source>
        <translation>顾客反映：</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>订单：</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <source>Details:</source>
        <translation>详情：</translation>
    </message>
</context>
<context>
    <name>paydesk::KpiTile</name>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Average ticket</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n sale(s))</source>
        <translation>
            <numerusform>%1（%n 笔销售）</numerusform>
        </translation>
    </message>
    <message>
        <source>Provider fees are not known until the statements are reconciled.</source>
        <translation>对账单对账完成前，支付机构手续费尚无法确定。</translation>
    </message>
    <message>
        <source>%1% vs %2</source>
        <translation>%1% 对比 %2</translation>
    </message>
    <message>
        <source>— vs %1</source>
        <translation>— 对比 %1</translation>
    </message>
    <message>
        <source>Gross against %1 up to the same hour: %2</source>
        <translation>截至同一时刻与%1相比的总额：%2</translation>
    </message>
</context>
<context>
    <name>paydesk::LockScreen</name>
    <message>
        <source>Till locked</source>
        <translation>收银台已锁定</translation>
    </message>
    <message>
        <source>The till was locked by %1. Log in as %1 or as another operator to continue.</source>
        <translation>收银台已被 %1 锁定。请以 %1 或其他操作员身份登录以继续。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>paydesk::LoginDialog</name>
    <message>
        <source>Authenticator code:</source>
        <translation>动态验证码：</translation>
    </message>
    <message>
        <source>Log in to Paydesk</source>
        <translation>登录 Paydesk</translation>
    </message>
    <message>
        <source>6-digit code or a recovery code</source>
        <translation>6 位动态验证码或恢复码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>操作员：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Choose a new password to continue.</source>
        <translation>请设置新密码以继续。</translation>
    </message>
</context>
<context>
    <name>paydesk::MainWindow</name>
    <message>
        <source>Checkout</source>
        <translation>收银</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Cases &amp; refunds</source>
        <translation>售后与退款</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>经营看板</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Refunds, duplicate charges and the customer issue log are not part of this version yet. Use the Orders view to find a payment.</source>
        <translation>退款、重复扣款处理和顾客问题登记尚未包含在此版本中。可在“订单”中查找付款记录。</translation>
    </message>
    <message>
        <source>Daily reconciliation against the provider&apos;s statement is not part of this version yet.</source>
        <translation>与支付机构账单的每日对账尚未包含在此版本中。</translation>
    </message>
    <message>
        <source>Sales analytics are not part of this version yet.</source>
        <translation>销售分析尚未包含在此版本中。</translation>
    </message>
    <message>
        <source>This area is not available in this version.</source>
        <translation>此版本暂不提供该功能。</translation>
    </message>
    <message>
        <source>Paydesk — cashier</source>
        <translation>Paydesk 收银台</translation>
    </message>
    <message>
        <source>Lock till</source>
        <translation>锁定收银台</translation>
    </message>
    <message>
        <source>Lock the till (Ctrl+L)</source>
        <translation>锁定收银台（Ctrl+L）</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
</context>
<context>
    <name>paydesk::ManagerApprovalDialog</name>
    <message>
        <source>A manager must confirm</source>
        <translation>需店长确认</translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation>店长：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Authenticator code:</source>
        <translation>动态验证码：</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>paydesk::MonitorPanel</name>
    <message>
        <source>Alerts (bursts, unusual tickets, refund ratios, repeated failed codes, reversals)</source>
        <translation>告警（突发交易、异常客单、退款比例、付款码多次失败、撤销）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>近 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>What the till told the cashier</source>
        <translation>收银台提示收银员的内容</translation>
    </message>
    <message>
        <source>What the customer was told</source>
        <translation>告知顾客的内容</translation>
    </message>
    <message numerus="yes">
        <source>Failed payments: none in the last %n day(s)</source>
        <translation>
            <numerusform>失败付款：近 %n 天内无</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed payments by reason: %1 in the last %n day(s)</source>
        <translation>
            <numerusform>按原因统计的失败付款：近 %n 天内 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::NotificationReceiver</name>
    <message>
        <source>Cannot open a local port for payment notifications.</source>
        <translation>无法打开用于接收支付通知的本地端口。</translation>
    </message>
</context>
<context>
    <name>paydesk::OnboardingWizard</name>
    <message>
        <source>Paydesk — first start</source>
        <translation>Paydesk — 首次启动</translation>
    </message>
</context>
<context>
    <name>paydesk::OperatorPasswordDialog</name>
    <message>
        <source>Add an operator</source>
        <translation>添加操作员</translation>
    </message>
    <message>
        <source>Reset the password of %1</source>
        <translation>重置 %1 的密码</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
</context>
<context>
    <name>paydesk::OperatorService</name>
    <message>
        <source>An operator name is 1 to 40 letters, digits, spaces, dots, dashes or @.</source>
        <translation>操作员姓名须为 1 至 40 个字符，可包含字母、数字、空格、点、短横线或 @。</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed attempts. Try again in %n minute(s).</source>
        <translation>
            <numerusform>尝试失败次数过多，请在 %n 分钟后重试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::OperatorsPage</name>
    <message>
        <source>Add operator...</source>
        <translation>添加操作员…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>设置角色</translation>
    </message>
    <message>
        <source>Reset password...</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Reset two-factor</source>
        <translation>重置二次验证</translation>
    </message>
    <message>
        <source>Set up my two-factor...</source>
        <translation>设置我的二次验证…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Two-factor</source>
        <translation>二次验证</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked out</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>On</source>
        <translation>已开启</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <source>%1 can log in again.</source>
        <translation>%1 已可重新登录。</translation>
    </message>
    <message>
        <source>%1 was disabled.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 的角色已改为%2。</translation>
    </message>
    <message>
        <source>The password of %1 was reset; they must change it at the next login.</source>
        <translation>已重置 %1 的密码；其下次登录时必须修改密码。</translation>
    </message>
    <message>
        <source>Remove the two-factor set-up of %1? They must set it up again.</source>
        <translation>确定要清除 %1 的二次验证设置吗？清除后需重新设置。</translation>
    </message>
    <message>
        <source>Two-factor of %1 was reset.</source>
        <translation>已重置 %1 的二次验证。</translation>
    </message>
</context>
<context>
    <name>paydesk::OrdersModel</name>
    <message>
        <source>QR</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation>付款链接</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>%1 (refund due)</source>
        <translation>%1（待退款）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
</context>
<context>
    <name>paydesk::OrdersView</name>
    <message>
        <source>All days</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Search order no., transaction, cashier, amount</source>
        <translation>搜索订单号、交易号、收银员、金额</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Business day</source>
        <translation>营业日</translation>
    </message>
    <message>
        <source>Reprint receipt as PDF…</source>
        <translation>补打小票为 PDF…</translation>
    </message>
    <message>
        <source>Reprint receipt…</source>
        <translation>补打小票…</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Select an order to see its timeline.</source>
        <translation>选择一个订单以查看其时间线。</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Amount: %1</source>
        <translation>金额：%1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Transaction: %1</source>
        <translation>交易号：%1</translation>
    </message>
    <message>
        <source>Payment code: %1</source>
        <translation>付款码：%1</translation>
    </message>
    <message>
        <source>Sale: %1</source>
        <translation>销售：%1</translation>
    </message>
    <message>
        <source>Paid after it was closed: the customer must be refunded.</source>
        <translation>订单关闭后才付款：须给顾客退款。</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>请先选择一个订单。</translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation>小票已保存到 %1</translation>
    </message>
    <message>
        <source>Refunded: %1</source>
        <translation>已退款：%1</translation>
    </message>
    <message>
        <source>Refund… (F6)</source>
        <translation>退款…（F6）</translation>
    </message>
</context>
<context>
    <name>paydesk::OwnerStep</name>
    <message>
        <source>Create the owner</source>
        <translation>创建店主</translation>
    </message>
    <message>
        <source>The owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>The owner manages operators, settings and the merchant account. Choose a password only you know; a phone app then adds a second factor.</source>
        <translation>店主负责管理操作员、设置和商户账户。请设置一个只有您知道的密码；之后再用手机应用添加二次验证。</translation>
    </message>
    <message>
        <source>Owner name:</source>
        <translation>店主名称：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The owner %1 is set up, with two-factor authentication.</source>
        <translation>店主 %1 已设置完成，并已启用二次验证。</translation>
    </message>
    <message>
        <source>The owner %1 is created. Now add the second factor: it protects the merchant account and the settings even if the password leaks.</source>
        <translation>店主 %1 已创建。现在请添加二次验证：即使密码泄露，它也能保护商户账户和设置。</translation>
    </message>
</context>
<context>
    <name>paydesk::PasswordStrengthMeter</name>
    <message>
        <source>Very weak</source>
        <translation>非常弱</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>强</translation>
    </message>
</context>
<context>
    <name>paydesk::Permission</name>
    <message>
        <source>Take payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Refund above the limit</source>
        <translation>超限额退款</translation>
    </message>
    <message>
        <source>Resolve duplicate-charge cases</source>
        <translation>处理重复扣款工单</translation>
    </message>
    <message>
        <source>Manage operators</source>
        <translation>管理操作员</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Export personal data</source>
        <translation>导出个人数据</translation>
    </message>
    <message>
        <source>Sign off the day</source>
        <translation>日结确认</translation>
    </message>
    <message>
        <source>View the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>View reports</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>Reconcile</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Manage merchant accounts</source>
        <translation>管理商户账户</translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderChoiceStep</name>
    <message>
        <source>Choose a provider</source>
        <translation>选择支付机构</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>支付机构：</translation>
    </message>
    <message>
        <source>Fee calculator — monthly volume (¥):</source>
        <translation>手续费计算器 — 月交易额（¥）：</translation>
    </message>
    <message>
        <source>average ticket (¥):</source>
        <translation>客单价（¥）：</translation>
    </message>
    <message>
        <source>Figures as of %1. Source: %2 &quot;?&quot; marks a figure from third-party sources that the provider has not confirmed; fees are charged per payment and rounded to the fen.</source>
        <translation>数据截至 %1。来源：%2 “?”表示该数据来自第三方、未经支付机构确认；手续费按每笔付款收取，并四舍五入到分。</translation>
    </message>
    <message>
        <source>Which provider is your merchant account with?</source>
        <translation>您的商户账户开在哪家支付机构？</translation>
    </message>
    <message>
        <source>Compare what each provider charges and asks for, then pick one.</source>
        <translation>比较各支付机构的收费和要求，然后选择一家。</translation>
    </message>
    <message>
        <source>Not available in this version of Paydesk yet.</source>
        <translation>此版本的 Paydesk 暂不支持。</translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderComparison</name>
    <message>
        <source>Fee per payment</source>
        <translation>每笔手续费</translation>
    </message>
    <message>
        <source>Money arrives</source>
        <translation>到账时间</translation>
    </message>
    <message>
        <source>Payment methods</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Typical review</source>
        <translation>一般审核时长</translation>
    </message>
    <message>
        <source>Documents to apply</source>
        <translation>申请所需材料</translation>
    </message>
    <message>
        <source>Support hotline</source>
        <translation>客服热线</translation>
    </message>
    <message>
        <source>Payments a month</source>
        <translation>每月笔数</translation>
    </message>
    <message>
        <source>Monthly fees</source>
        <translation>每月手续费</translation>
    </message>
    <message>
        <source>You receive</source>
        <translation>实收金额</translation>
    </message>
    <message>
        <source>some merchants from %1</source>
        <translation>部分商户自 %1 起</translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderConnector</name>
    <message>
        <source>No provider %1 is known to this build.</source>
        <translation>此版本不认识支付机构 %1。</translation>
    </message>
    <message>
        <source>An existing %1 account cannot be connected with this version of Paydesk yet.</source>
        <translation>此版本的 Paydesk 暂不能关联已有的%1账户。</translation>
    </message>
    <message>
        <source>Only the owner may test the merchant accounts.</source>
        <translation>只有店主可以测试商户账户。</translation>
    </message>
    <message>
        <source>This till has no %1 account in &quot;%2&quot;.</source>
        <translation>本收银台在“%2”中没有%1账户。</translation>
    </message>
    <message>
        <source>Only the owner may see the merchant accounts.</source>
        <translation>只有店主可以查看商户账户。</translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderSupportDialog</name>
    <message>
        <source>Payment provider support</source>
        <translation>支付机构客服</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Hotline:</source>
        <translation>客服热线：</translation>
    </message>
    <message>
        <source>Help centre:</source>
        <translation>帮助中心：</translation>
    </message>
    <message>
        <source>Merchant console:</source>
        <translation>商户后台：</translation>
    </message>
    <message>
        <source>As of %1. A number marked unconfirmed in the comparison comes from third-party pages.</source>
        <translation>数据截至 %1。对比表中标注为未确认的号码来自第三方网页。</translation>
    </message>
</context>
<context>
    <name>paydesk::ReceiptPrinter</name>
    <message>
        <source>The printer closed the connection before the receipt was sent.</source>
        <translation>小票发送完成前，打印机已断开连接。</translation>
    </message>
    <message>
        <source>Cannot reach the receipt printer: %1</source>
        <translation>无法连接小票打印机：%1</translation>
    </message>
    <message>
        <source>The receipt printer did not answer in time.</source>
        <translation>小票打印机未及时响应。</translation>
    </message>
    <message>
        <source>Cannot open the printer port %1: %2</source>
        <translation>无法打开打印机端口 %1：%2</translation>
    </message>
    <message>
        <source>Writing to the printer port %1 failed: %2</source>
        <translation>写入打印机端口 %1 失败：%2</translation>
    </message>
</context>
<context>
    <name>paydesk::ReconciliationView</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>Resolved by %1: %2</source>
        <translation>由 %1 处理：%2</translation>
    </message>
    <message>
        <source>Closed: signed off by %1 on %2. Audit log head: entry %3, %4.</source>
        <translation>已关闭：由 %1 于 %2 签核。审计日志最新记录：第 %3 条，%4。</translation>
    </message>
    <message numerus="yes">
        <source>Open: %n exception(s) to resolve before the day is signed off.</source>
        <translation>
            <numerusform>未关闭：日结签核前还有 %n 项差异需要处理。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) matched.</source>
        <translation>
            <numerusform>已匹配 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Payments by hour (CNY)</source>
        <translation>按小时收款（人民币）</translation>
    </message>
    <message>
        <source>Gross by provider (CNY)</source>
        <translation>按支付机构总额（人民币）</translation>
    </message>
    <message>
        <source>Pick an open exception.</source>
        <translation>请选择一项未处理的差异。</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写原因。</translation>
    </message>
    <message>
        <source>Resolve a reconciliation exception</source>
        <translation>处理对账差异</translation>
    </message>
    <message>
        <source>A manager must confirm this.</source>
        <translation>需要店长确认。</translation>
    </message>
    <message>
        <source>Resolving is not available.</source>
        <translation>无法进行处理。</translation>
    </message>
    <message>
        <source>Sign off the business day</source>
        <translation>签核营业日</translation>
    </message>
    <message>
        <source>Sign-off is not available.</source>
        <translation>无法进行签核。</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Resolve exception</source>
        <translation>处理差异</translation>
    </message>
    <message>
        <source>Why is %1 resolved? This is kept with your name and posts an adjusting entry.</source>
        <translation>为什么处理 %1？此说明将与您的姓名一起保存，并记一笔调整分录。</translation>
    </message>
    <message>
        <source>Export the daily report</source>
        <translation>导出日报</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;CSV (*.csv);;JSON (*.json)</source>
        <translation>PDF (*.pdf);;CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Daily reconciliation</source>
        <translation>每日对账</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <source>Sign off…</source>
        <translation>签核…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Net (expected settlement)</source>
        <translation>净额（应结算）</translation>
    </message>
    <message>
        <source>Clearing balance</source>
        <translation>待结算余额</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款笔数</translation>
    </message>
    <message>
        <source>Refund count</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>Provider amount</source>
        <translation>支付机构金额</translation>
    </message>
    <message>
        <source>Suggested action</source>
        <translation>建议操作</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>paydesk::Recovery</name>
    <message>
        <source>Recovery is already running.</source>
        <translation>恢复处理已在进行中。</translation>
    </message>
</context>
<context>
    <name>paydesk::RefundDialog</name>
    <message>
        <source>Refund order %1</source>
        <translation>退款订单 %1</translation>
    </message>
    <message>
        <source>Other (say why below)</source>
        <translation>其他（请在下方说明原因）</translation>
    </message>
    <message>
        <source>Optional note; required for &quot;Other&quot;</source>
        <translation>选填备注；选择“其他”时必填</translation>
    </message>
    <message>
        <source>&amp;Amount to refund:</source>
        <translation>退款金额(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Manager&apos;s approval</source>
        <translation>店长审批</translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation>店长：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Authenticator code:</source>
        <translation>动态验证码：</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Save refund receipt as PDF…</source>
        <translation>将退款小票保存为 PDF…</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Paid: %1</source>
        <translation>已付：%1</translation>
    </message>
    <message>
        <source>Refunded so far: %1</source>
        <translation>已退款：%1</translation>
    </message>
    <message>
        <source>Can still be refunded: %1</source>
        <translation>仍可退款：%1</translation>
    </message>
    <message>
        <source>This refund needs a manager&apos;s password and authenticator code (refunds above %1%2).</source>
        <translation>此笔退款需要店长的密码和动态验证码（超过 %1 的退款%2）。</translation>
    </message>
    <message>
        <source>, and every refund by a cashier</source>
        <translation>，以及收银员办理的所有退款</translation>
    </message>
    <message>
        <source>Say why the money is refunded.</source>
        <translation>请说明退款原因。</translation>
    </message>
    <message>
        <source>This refund needs your authenticator code.</source>
        <translation>此笔退款需要您的动态验证码。</translation>
    </message>
    <message>
        <source>The refund needs your authenticator code.</source>
        <translation>退款需要您的动态验证码。</translation>
    </message>
    <message>
        <source>Type the manager&apos;s current authenticator code too.</source>
        <translation>请同时输入店长当前的动态验证码。</translation>
    </message>
    <message>
        <source>This refund has been made; close the dialog to start another one.</source>
        <translation>此笔退款已完成；关闭对话框后可办理下一笔。</translation>
    </message>
    <message>
        <source>Refunding %1…</source>
        <translation>正在退款 %1…</translation>
    </message>
    <message>
        <source>Refunded %1 (%2). The money goes back to the customer&apos;s wallet.</source>
        <translation>已退款 %1（%2）。款项将退回顾客的钱包。</translation>
    </message>
    <message>
        <source>Not refunded: %1</source>
        <translation>未退款：%1</translation>
    </message>
    <message>
        <source>Refund %1 in progress: %2</source>
        <translation>退款 %1 正在处理中：%2</translation>
    </message>
    <message>
        <source>There is no refund to print yet.</source>
        <translation>暂无可打印的退款。</translation>
    </message>
    <message>
        <source>Save refund receipt</source>
        <translation>保存退款小票</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation>小票已保存到 %1</translation>
    </message>
</context>
<context>
    <name>paydesk::RefundReasons</name>
    <message>
        <source>The customer asked for it</source>
        <translation>顾客要求退款</translation>
    </message>
    <message>
        <source>Goods returned</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Charged the wrong amount</source>
        <translation>收错金额</translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation>重复扣款</translation>
    </message>
    <message>
        <source>Problem with the service</source>
        <translation>服务有问题</translation>
    </message>
</context>
<context>
    <name>paydesk::RefundService</name>
    <message>
        <source>The payment provider of order %1 is not connected on this till, so the refund cannot be sent now. Try again when it is.</source>
        <translation>订单 %1 的支付机构未在本收银台接入，暂时无法发送退款。接入后请重试。</translation>
    </message>
</context>
<context>
    <name>paydesk::Role</name>
    <message>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
</context>
<context>
    <name>paydesk::SandboxStep</name>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Try it with the sandbox</source>
        <translation>用沙箱试用</translation>
    </message>
    <message>
        <source>A practice provider runs on this PC. It speaks the real protocol, so everything works as with a real account — only the money is not real.</source>
        <translation>本机运行一个练习用支付机构。它使用真实的接口协议，一切操作与真实账户相同——只是钱不是真的。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>How to pay as a customer in the sandbox: open the QR code&apos;s address in a browser and press Pay, or scan it with a phone on the same network. Payment codes for practice buyers come from the sandbox (see the README). Connect a real account later in Settings → Payment provider.</source>
        <translation>在沙箱中以顾客身份付款：在浏览器中打开二维码的地址并点击“付款”，或用同一网络中的手机扫码。练习买家的付款码由沙箱提供（见 README）。以后可在“设置 → 支付机构”中接入真实账户。</translation>
    </message>
    <message>
        <source>Setting up the practice merchant account…</source>
        <translation>正在设置练习商户账户…</translation>
    </message>
    <message>
        <source>The sandbox could not be started: %1</source>
        <translation>无法启动沙箱：%1</translation>
    </message>
    <message>
        <source>✓ The sandbox is ready. %1</source>
        <translation>✓ 沙箱已就绪。%1</translation>
    </message>
</context>
<context>
    <name>paydesk::SettingsView</name>
    <message>
        <source>Only a manager or the owner can change settings.</source>
        <translation>只有店长或店主可以修改设置。</translation>
    </message>
    <message>
        <source>Sandbox built into Paydesk — no real money moves</source>
        <translation>Paydesk 内置沙箱——不涉及真实资金</translation>
    </message>
    <message>
        <source>Standalone sandbox %1 — no real money moves</source>
        <translation>独立沙箱 %1——不涉及真实资金</translation>
    </message>
    <message>
        <source>Log in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <source>Changing settings needs your second factor.</source>
        <translation>修改设置需要进行二次验证。</translation>
    </message>
    <message>
        <source>Refund limit: %1</source>
        <translation>退款限额：%1</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有任何更改。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>Payment provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Store name (on receipts):</source>
        <translation>门店名称（打印在小票上）：</translation>
    </message>
    <message>
        <source>Store code (in order numbers):</source>
        <translation>门店编码（用于订单号）：</translation>
    </message>
    <message>
        <source>Lock the till after idle minutes (0 = never):</source>
        <translation>空闲多少分钟后锁定收银台（0 = 从不）：</translation>
    </message>
    <message>
        <source>Refunds above this need a manager&apos;s code:</source>
        <translation>超过此金额的退款需要店长验证码：</translation>
    </message>
    <message>
        <source>Keep customers&apos; personal data for months:</source>
        <translation>顾客个人数据保留月数：</translation>
    </message>
    <message>
        <source>Receipt printer (ESC/POS):</source>
        <translation>小票打印机（ESC/POS）：</translation>
    </message>
    <message>
        <source>Connected to:</source>
        <translation>已连接到：</translation>
    </message>
    <message>
        <source>App ID:</source>
        <translation>应用 ID：</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>网关：</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>e.g. Green Leaf Tea House</source>
        <translation>例如：绿叶茶馆</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s order number, payer hash or phone number.</source>
        <translation>请输入顾客的订单号、付款人哈希或手机号。</translation>
    </message>
    <message>
        <source>Exporting personal data needs your second factor.</source>
        <translation>导出个人信息需要二次验证。</translation>
    </message>
    <message>
        <source>Save the customer&apos;s data</source>
        <translation>保存顾客数据</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>The customer&apos;s data was saved to %1.</source>
        <translation>顾客数据已保存到 %1。</translation>
    </message>
    <message>
        <source>A customer asks for their data: enter their order number (or payer hash, or phone number) and export everything Paydesk stores about them.</source>
        <translation>顾客要求查询本人数据时：输入其订单号（或付款人哈希、手机号），导出 Paydesk 保存的与其相关的全部信息。</translation>
    </message>
    <message>
        <source>Order number, payer hash or phone</source>
        <translation>订单号、付款人哈希或手机号</translation>
    </message>
    <message>
        <source>Export customer data…</source>
        <translation>导出顾客数据…</translation>
    </message>
    <message>
        <source>%1 (live account)</source>
        <translation>%1（正式账户）</translation>
    </message>
    <message>
        <source>Maximum sale amount: %1</source>
        <translation>单笔销售上限：%1</translation>
    </message>
    <message>
        <source>This till&apos;s identity (in order numbers):</source>
        <translation>本收银台标识（用于订单号）：</translation>
    </message>
    <message>
        <source>Largest amount of one sale:</source>
        <translation>单笔销售最大金额：</translation>
    </message>
    <message>
        <source>Ask for a new password after:</source>
        <translation>多久后要求更换密码：</translation>
    </message>
    <message>
        <source>Chosen at random when this till was first started, so that two tills never make the same order number. It never changes.</source>
        <translation>本收银台首次启动时随机生成，确保两台收银台不会生成相同的订单号。此标识永不改变。</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Drawer difference limit: %1</source>
        <translation>钱箱差额上限：%1</translation>
    </message>
    <message>
        <source>Cashiers&apos; refunds:</source>
        <translation>收银员退款：</translation>
    </message>
    <message>
        <source>Drawer counts further off need a manager:</source>
        <translation>钱箱清点差额超出时需店长确认：</translation>
    </message>
    <message>
        <source>Every refund by a cashier needs a manager&apos;s approval</source>
        <translation>收银员办理的每笔退款都需店长审批</translation>
    </message>
    <message>
        <source>Connect an existing account…</source>
        <translation>接入已有账户…</translation>
    </message>
    <message>
        <source>Charged twice for one sale:</source>
        <translation>一笔交易被重复扣款：</translation>
    </message>
    <message>
        <source>Keep the daily backups for days:</source>
        <translation>每日备份保留天数：</translation>
    </message>
    <message>
        <source>Refund the later charge at once, without waiting for a manager</source>
        <translation>立即退还后一笔扣款，无需等待店长</translation>
    </message>
</context>
<context>
    <name>paydesk::ShiftController</name>
    <message>
        <source>Shift handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <source>%1&apos;s shift is still open on this till. Close it now with a drawer count, then open yours? (No: keep working in %1&apos;s shift.)</source>
        <translation>%1 的班次在本收银台仍未结束。现在清点钱箱并结束该班次，然后开启您的班次吗？（选“否”：继续在 %1 的班次中收银。）</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Shift opened with %1 in the drawer.</source>
        <translation>已开班，钱箱备用金 %1。</translation>
    </message>
    <message>
        <source>Pay out cash</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>班次报表</translation>
    </message>
    <message>
        <source>Announcements</source>
        <translation>语音播报</translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation>班次(&amp;S)</translation>
    </message>
    <message>
        <source>Open shift…</source>
        <translation>开班…</translation>
    </message>
    <message>
        <source>Pay out cash…</source>
        <translation>取出现金…</translation>
    </message>
    <message>
        <source>Shift report…</source>
        <translation>班次报表…</translation>
    </message>
    <message>
        <source>Close shift and count the drawer…</source>
        <translation>结班并清点钱箱…</translation>
    </message>
</context>
<context>
    <name>paydesk::ShiftReportDialog</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>No receipt printer is set up (Settings → Store).</source>
        <translation>尚未设置小票打印机（设置 → 门店）。</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>保存为 PDF…</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <source>Save the shift report</source>
        <translation>保存班次报表</translation>
    </message>
    <message>
        <source>shift-report.pdf</source>
        <translation>shift-report.pdf</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>paydesk::ShiftService</name>
    <message>
        <source>This shift is already closed; open a new one to go on.</source>
        <translation>此班次已结束；请开启新班次继续。</translation>
    </message>
    <message>
        <source>There is no shift %1.</source>
        <translation>没有班次 %1。</translation>
    </message>
    <message>
        <source>The opening float cannot be negative.</source>
        <translation>备用金不能为负数。</translation>
    </message>
    <message>
        <source>%1&apos;s shift is still open on this till; close it (count the drawer) before a new shift opens.</source>
        <translation>%1 的班次在本收银台仍未结束；请先结束该班次（清点钱箱），再开启新班次。</translation>
    </message>
    <message>
        <source>A payout must be more than zero.</source>
        <translation>支出金额必须大于零。</translation>
    </message>
    <message>
        <source>Say what the cash was paid out for.</source>
        <translation>请说明这笔现金的用途。</translation>
    </message>
    <message>
        <source>The counted cash cannot be negative.</source>
        <translation>清点的现金不能为负数。</translation>
    </message>
    <message>
        <source>The banknotes and coins add up to %1, not to the counted %2.</source>
        <translation>纸币和硬币合计为 %1，与清点金额 %2 不符。</translation>
    </message>
    <message>
        <source>The drawer is %1 off what the till expects: say why.</source>
        <translation>钱箱与收银台应有金额相差 %1：请说明原因。</translation>
    </message>
    <message>
        <source>The difference of %1 is more than the limit of %2: a manager must confirm the count.</source>
        <translation>差额 %1 超过上限 %2：需店长确认清点结果。</translation>
    </message>
</context>
<context>
    <name>paydesk::SpeechAnnouncer</name>
    <message>
        <source>No speech engine is installed, so payments are not announced. Install the speech-dispatcher and espeak-ng packages (qt6-speech-speechd-plugin, speech-dispatcher-espeak-ng) to hear them; the till works the same without.</source>
        <translation>未安装语音引擎，因此不会播报收款。安装 speech-dispatcher 和 espeak-ng 软件包（qt6-speech-speechd-plugin、speech-dispatcher-espeak-ng）即可听到播报；没有语音引擎收银台也照常工作。</translation>
    </message>
    <message>
        <source>The speech engine could not start (%1), so payments are not announced. The till works the same without.</source>
        <translation>语音引擎无法启动（%1），因此不会播报收款。没有语音引擎收银台也照常工作。</translation>
    </message>
</context>
<context>
    <name>paydesk::StepUpDialog</name>
    <message>
        <source>Confirm with your authenticator</source>
        <translation>使用身份验证器确认</translation>
    </message>
    <message>
        <source>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation>请输入身份验证器应用中的 6 位动态验证码，或一个恢复码。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>验证码</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>paydesk::StoreSettings</name>
    <message>
        <source>My store</source>
        <translation>我的门店</translation>
    </message>
    <message>
        <source>Cannot create this till&apos;s identity: no random numbers.</source>
        <translation>无法生成本收银台标识：没有可用的随机数。</translation>
    </message>
    <message>
        <source>The store name can have at most %1 characters.</source>
        <translation>店铺名称最多 %1 个字符。</translation>
    </message>
    <message>
        <source>The store code must be 1 to %1 capital letters or digits.</source>
        <translation>店铺代码须为 1 至 %1 个大写字母或数字。</translation>
    </message>
    <message>
        <source>The idle lock must be between 0 (never) and %1 minutes.</source>
        <translation>自动锁定时间须在 0（从不）到 %1 分钟之间。</translation>
    </message>
    <message>
        <source>The maximum sale amount must be more than zero and at most %1.</source>
        <translation>单笔销售上限须大于零且不超过 %1。</translation>
    </message>
    <message>
        <source>The refund limit cannot be negative.</source>
        <translation>退款限额不能为负数。</translation>
    </message>
    <message>
        <source>Personal data can be kept for 0 (always) to %1 months.</source>
        <translation>个人数据可保留 0（永久）至 %1 个月。</translation>
    </message>
    <message>
        <source>Receipt printer: %1</source>
        <translation>小票打印机：%1</translation>
    </message>
    <message>
        <source>The maximum password age must be off, 90 or 180 days.</source>
        <translation>密码最长使用期限须为关闭、90 天或 180 天。</translation>
    </message>
    <message>
        <source>The cash difference limit cannot be negative.</source>
        <translation>现金差额上限不能为负数。</translation>
    </message>
    <message>
        <source>Daily backups can be kept for 1 to %1 days.</source>
        <translation>每日备份可保留 1 至 %1 天。</translation>
    </message>
</context>
<context>
    <name>paydesk::SyncPanel</name>
    <message>
        <source>Provider statements</source>
        <translation>支付机构对账单</translation>
    </message>
    <message>
        <source>Business day:</source>
        <translation>营业日：</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Import a statement file…</source>
        <translation>导入对账单文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Downloading the statements of %1…</source>
        <translation>正在下载 %1 的对账单…</translation>
    </message>
    <message>
        <source>A sync is already running.</source>
        <translation>同步已在进行中。</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: already imported (%n line(s)).</source>
        <translation>
            <numerusform>%1，%2：已导入（%n 行）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: %n line(s) imported.</source>
        <translation>
            <numerusform>%1，%2：已导入 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to sync.</source>
        <translation>无需同步。</translation>
    </message>
    <message>
        <source>Cancelled: the remaining days were not synced.</source>
        <translation>已取消：其余日期未同步。</translation>
    </message>
    <message>
        <source>Import a statement file</source>
        <translation>导入对账单文件</translation>
    </message>
    <message>
        <source>Provider statements (*.zip *.csv *.txt);;All files (*)</source>
        <translation>支付机构对账单 (*.zip *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: this file is already imported (%n line(s)).</source>
        <translation>
            <numerusform>%1，%2：此文件已导入（%n 行）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: %n line(s) imported from the file.</source>
        <translation>
            <numerusform>%1，%2：已从文件导入 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Payouts to the bank</source>
        <translation>结算到银行</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>支付机构</translation>
    </message>
    <message>
        <source>Business day</source>
        <translation>业务日</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应到账</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已到账</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>处理建议</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>%1 到期</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation>少 %1</translation>
    </message>
    <message>
        <source>No payout due</source>
        <translation>无应到账结算</translation>
    </message>
    <message>
        <source>%1, fund statement %2: %3</source>
        <translation>%1，资金账单 %2：%3</translation>
    </message>
    <message>
        <source>%1, fund statement %2: already imported.</source>
        <translation>%1，资金账单 %2：已导入。</translation>
    </message>
    <message numerus="yes">
        <source>%1, fund statement %2: %n payout(s) booked.</source>
        <translation>
            <numerusform>%1，资金账单 %2：已入账 %n 笔结算。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: this fund statement is already imported (%n payout(s)).</source>
        <translation>
            <numerusform>%1，%2：此资金账单已导入（%n 笔提现）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: fund statement imported, %n payout(s) booked now.</source>
        <translation>
            <numerusform>%1，%2：资金账单已导入，本次入账 %n 笔提现。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::SyncScheduler</name>
    <message>
        <source>&quot;%1&quot; is not a time of day like 10:30.</source>
        <translation>“%1”不是 10:30 这样的时间。</translation>
    </message>
</context>
<context>
    <name>paydesk::TillController</name>
    <message>
        <source>Alert: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <source>Connecting to the payment provider…</source>
        <translation>正在连接支付机构…</translation>
    </message>
    <message>
        <source>Payment provider unavailable</source>
        <translation>支付机构不可用</translation>
    </message>
    <message>
        <source>Paydesk cannot reach the payment provider, so it cannot take wallet payments right now. Orders and settings still work.

%1</source>
        <translation>Paydesk 无法连接支付机构，暂时无法收取钱包付款。订单和设置功能仍可使用。

%1</translation>
    </message>
    <message>
        <source>Checking unfinished payments before taking new ones…</source>
        <translation>正在核查未完成的付款，完成后再接受新收款…</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier payment(s) still being checked; see Orders.</source>
        <translation>
            <numerusform>仍有 %n 笔之前的付款在核查中；请查看“订单”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready. %n unfinished payment(s) resolved.</source>
        <translation>
            <numerusform>就绪。已处理 %n 笔未完成的付款。</numerusform>
        </translation>
    </message>
    <message>
        <source>Receipt printer: %1</source>
        <translation>小票打印机：%1</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <source>Provider: not connected</source>
        <translation>支付机构：未连接</translation>
    </message>
    <message>
        <source>%1 — SANDBOX, no real money</source>
        <translation>%1 — 沙箱，不涉及真实资金</translation>
    </message>
    <message>
        <source>%1 — live</source>
        <translation>%1 — 正式</translation>
    </message>
    <message>
        <source>Paydesk cannot start</source>
        <translation>Paydesk 无法启动</translation>
    </message>
    <message>
        <source>The provider comparison data is missing from this build.</source>
        <translation>此版本缺少支付机构对比数据。</translation>
    </message>
    <message>
        <source>A real merchant account is already connected on this till, so the sandbox is not used.</source>
        <translation>本收银台已接入真实商户账户，因此不使用沙箱。</translation>
    </message>
    <message>
        <source>Practice %1 merchant account %2, at the sandbox %3.</source>
        <translation>%1 练习商户账户 %2，沙箱地址 %3。</translation>
    </message>
    <message>
        <source>A real merchant account is already connected on this till.</source>
        <translation>本收银台已接入真实商户账户。</translation>
    </message>
    <message>
        <source>Unfinished refunds: %1 finished, %2 still being checked.</source>
        <translation>未完成的退款：%1 笔已完成，%2 笔仍在核查中。</translation>
    </message>
    <message>
        <source>Payment provider support…</source>
        <translation>支付机构客服支持…</translation>
    </message>
    <message>
        <source>The daily backup failed: %1</source>
        <translation>每日备份失败：%1</translation>
    </message>
    <message>
        <source>Some provider statements could not be synced: Books → Sync statements…</source>
        <translation>部分支付机构对账单未能同步：账簿 → 同步对账单…</translation>
    </message>
    <message>
        <source>&amp;Books</source>
        <translation>账簿(&amp;B)</translation>
    </message>
    <message>
        <source>Sync statements…</source>
        <translation>同步对账单…</translation>
    </message>
    <message>
        <source>Sync statements</source>
        <translation>同步对账单</translation>
    </message>
    <message>
        <source>A payout to the bank is late or short: Books → Sync statements…</source>
        <translation>有一笔到银行的结算延迟或不足：账簿 → 同步对账单…</translation>
    </message>
</context>
<context>
    <name>paydesk::TotpEnrollDialog</name>
    <message>
        <source>Set up two-factor authentication</source>
        <translation>设置二次验证</translation>
    </message>
</context>
<context>
    <name>paydesk::TotpEnrollWidget</name>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Scan the code with an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP...), then type the 6-digit code it shows.</source>
        <translation>请用身份验证器应用（Google Authenticator、Microsoft Authenticator、FreeOTP 等）扫描此码，然后输入其显示的 6 位验证码。</translation>
    </message>
    <message>
        <source>Or enter this key by hand: %1</source>
        <translation>或手动输入此密钥：%1</translation>
    </message>
    <message>
        <source>Two-factor authentication is on. Write down these recovery codes and keep them somewhere safe: each one works once if the phone is lost. They are not shown again.</source>
        <translation>动态验证码已开启。请记下这些恢复码并妥善保管：手机丢失时，每个恢复码可使用一次。它们不会再次显示。</translation>
    </message>
</context>
<context>
    <name>paydesk::WechatPayProvider</name>
    <message>
        <source>The provider&apos;s answer is for another merchant.</source>
        <translation>支付机构的应答属于其他商户。</translation>
    </message>
    <message>
        <source>WeChat Pay needs a notification address (notify_url) for QR orders.</source>
        <translation>微信支付的二维码订单需要通知地址（notify_url）。</translation>
    </message>
    <message>
        <source>The provider sent no QR code.</source>
        <translation>支付机构没有返回二维码。</translation>
    </message>
    <message>
        <source>A WeChat Pay refund needs the order total.</source>
        <translation>微信支付退款需要提供订单总金额。</translation>
    </message>
    <message>
        <source>The provider sent no statement address or checksum.</source>
        <translation>支付机构没有返回账单下载地址或校验值。</translation>
    </message>
    <message>
        <source>The downloaded statement does not match its checksum.</source>
        <translation>下载的账单与其校验值不符。</translation>
    </message>
    <message>
        <source>The notification is not encrypted the way WeChat Pay encrypts.</source>
        <translation>该通知的加密方式与微信支付不符。</translation>
    </message>
    <message>
        <source>The notification could not be decrypted.</source>
        <translation>无法解密该通知。</translation>
    </message>
    <message>
        <source>The notification is for another merchant.</source>
        <translation>该通知属于其他商户。</translation>
    </message>
    <message>
        <source>The notification lacks required fields.</source>
        <translation>该通知缺少必填字段。</translation>
    </message>
</context>
<context>
    <name>paydesk::WechatPayTransport</name>
    <message>
        <source>No answer within %1 ms.</source>
        <translation>%1 毫秒内没有应答。</translation>
    </message>
    <message>
        <source>The provider answered HTTP %1.</source>
        <translation>支付机构返回 HTTP %1。</translation>
    </message>
    <message>
        <source>WeChat Pay is not configured (address, merchant or app id missing).</source>
        <translation>微信支付尚未配置（缺少地址、商户号或 AppID）。</translation>
    </message>
    <message>
        <source>The request could not be signed.</source>
        <translation>无法对请求签名。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read.</source>
        <translation>无法读取支付机构的应答。</translation>
    </message>
    <message>
        <source>WeChat Pay is not configured for payment codes (APIv2 key missing).</source>
        <translation>微信支付尚未配置付款码收款（缺少 APIv2 密钥）。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer failed its signature check.</source>
        <translation>支付机构的应答未通过签名验证。</translation>
    </message>
    <message>
        <source>The provider&apos;s answer is for another merchant.</source>
        <translation>支付机构的应答属于其他商户。</translation>
    </message>
    <message>
        <source>The statement address is not on the provider&apos;s own host.</source>
        <translation>账单地址不在支付机构自己的域名上。</translation>
    </message>
    <message>
        <source>The statement download failed: %1</source>
        <translation>账单下载失败：%1</translation>
    </message>
    <message>
        <source>The statement download failed: HTTP %1</source>
        <translation>账单下载失败：HTTP %1</translation>
    </message>
</context>
<context>
    <name>paydesk::WelcomeStep</name>
    <message>
        <source>Welcome to Paydesk</source>
        <translation>欢迎使用 Paydesk</translation>
    </message>
    <message>
        <source>Paydesk takes wallet payments at your counter. How would you like to start?</source>
        <translation>Paydesk 在您的柜台收取钱包付款。您想如何开始？</translation>
    </message>
    <message>
        <source>Open a new merchant account</source>
        <translation>开通新的商户账户</translation>
    </message>
    <message>
        <source>For a store without a payment account yet. Paydesk compares the providers, guides you through the application with checks before anything is sent, and follows the review until the till is live.</source>
        <translation>适用于尚无收款账户的门店。Paydesk 会对比各支付机构，引导您填写申请并在提交前逐项检查，并跟进审核直到收银台正式上线。</translation>
    </message>
    <message>
        <source>Connect an account I already have</source>
        <translation>接入我已有的账户</translation>
    </message>
    <message>
        <source>For a store that already has a merchant account: enter its app id and keys. Paydesk proves them with a harmless signed query before saving them.</source>
        <translation>适用于已有商户账户的门店：输入其应用 ID 和密钥。Paydesk 会先用一次无害的签名查询验证它们，然后再保存。</translation>
    </message>
    <message>
        <source>Try it with the sandbox</source>
        <translation>用沙箱试用</translation>
    </message>
    <message>
        <source>A practice merchant account on this PC: take payments in a minute, no real money. You can connect a real account later in Settings.</source>
        <translation>在本机使用练习商户账户：一分钟即可收款，不涉及真实资金。以后可在“设置”中接入真实账户。</translation>
    </message>
</context>
<context>
    <name>paydesk::alipay</name>
    <message>
        <source>Alipay does not know this APPID. Copy the APPID of your app from the open-platform console (16 digits).</source>
        <translation>支付宝不认识此 APPID。请从开放平台控制台复制您应用的 APPID（16 位数字）。</translation>
    </message>
    <message>
        <source>Alipay accepted the keys, but this app may not take face-to-face payments (当面付) yet. Add and sign the product for the app in the console, then try again. (%1)</source>
        <translation>支付宝已接受密钥，但此应用可能尚未开通当面付。请在控制台为该应用添加并签约此产品，然后重试。（%1）</translation>
    </message>
</context>
<context>
    <name>paydesk::onboarding::DepositClient</name>
    <message>
        <source>The provider verifies the account on its own page after approval.</source>
        <translation>审核通过后，支付机构会在其自己的页面上验证账户。</translation>
    </message>
    <message>
        <source>The test deposit could not be sent (%1).</source>
        <translation>无法发送验证打款（%1）。</translation>
    </message>
    <message>
        <source>Too many wrong amounts: ask for a new test deposit.</source>
        <translation>输错金额次数过多：请重新申请验证打款。</translation>
    </message>
    <message>
        <source>The amount could not be checked (%1).</source>
        <translation>无法核对金额（%1）。</translation>
    </message>
</context>
<context>
    <name>paydesk::sandbox::SandboxServer</name>
    <message>
        <source>The sandbox cannot listen on 127.0.0.1:%1: %2</source>
        <translation>沙箱无法监听 127.0.0.1:%1：%2</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::BankPage</name>
    <message>
        <source>Bank account</source>
        <translation>银行账户</translation>
    </message>
    <message>
        <source>Where the provider pays your takings.</source>
        <translation>支付机构将您的营业款结算到此账户。</translation>
    </message>
    <message>
        <source>Corporate account (对公账户)</source>
        <translation>对公账户</translation>
    </message>
    <message>
        <source>Personal account of the legal representative</source>
        <translation>法定代表人个人账户</translation>
    </message>
    <message>
        <source>Account type</source>
        <translation>账户类型</translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation>开户名</translation>
    </message>
    <message>
        <source>Industrial and Commercial Bank of China</source>
        <translation>中国工商银行</translation>
    </message>
    <message>
        <source>China Construction Bank</source>
        <translation>中国建设银行</translation>
    </message>
    <message>
        <source>Agricultural Bank of China</source>
        <translation>中国农业银行</translation>
    </message>
    <message>
        <source>Bank of China</source>
        <translation>中国银行</translation>
    </message>
    <message>
        <source>China Merchants Bank</source>
        <translation>招商银行</translation>
    </message>
    <message>
        <source>Bank of Communications</source>
        <translation>交通银行</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>开户支行</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Send a test deposit</source>
        <translation>发送验证打款</translation>
    </message>
    <message>
        <source>Amount received, e.g. 0.37</source>
        <translation>收到的金额，例如 0.37</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Account verified.</source>
        <translation>账户已验证。</translation>
    </message>
    <message>
        <source>The provider verifies the account on its own page after approval.</source>
        <translation>审核通过后，支付机构会在其自己的页面上验证账户。</translation>
    </message>
    <message>
        <source>A small amount under ¥1.00 is on its way to this account. Type what arrives.</source>
        <translation>一笔不足 ¥1.00 的小额款项正在打入此账户。请输入到账金额。</translation>
    </message>
    <message numerus="yes">
        <source>That is not the amount sent. %n tries left.</source>
        <translation>
            <numerusform>金额不对。还可尝试 %n 次。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::BusinessPage</name>
    <message>
        <source>Your business</source>
        <translation>您的企业</translation>
    </message>
    <message>
        <source>Exactly as on the business licence: the provider compares every character.</source>
        <translation>须与营业执照完全一致：支付机构会逐字比对。</translation>
    </message>
    <message>
        <source>Merchant type</source>
        <translation>商户类型</translation>
    </message>
    <message>
        <source>Registered name</source>
        <translation>注册名称</translation>
    </message>
    <message>
        <source>What buyers see on their receipt</source>
        <translation>顾客在小票上看到的名称</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>商户简称</translation>
    </message>
    <message>
        <source>18 characters, e.g. 91512081MA62K0260E</source>
        <translation>18 位，例如 91512081MA62K0260E</translation>
    </message>
    <message>
        <source>Unified Social Credit Code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Business category</source>
        <translation>经营类目</translation>
    </message>
    <message>
        <source>Small-scale taxpayer</source>
        <translation>小规模纳税人</translation>
    </message>
    <message>
        <source>General taxpayer</source>
        <translation>一般纳税人</translation>
    </message>
    <message>
        <source>Taxpayer</source>
        <translation>纳税人类型</translation>
    </message>
    <message>
        <source>Store address</source>
        <translation>门店地址</translation>
    </message>
    <message>
        <source>Customer service phone</source>
        <translation>客服电话</translation>
    </message>
    <message>
        <source>Provider account</source>
        <translation>支付机构账户</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Contact mobile</source>
        <translation>联系人手机</translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation>联系人邮箱</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::DocumentSlot</name>
    <message>
        <source>Drop a photo here</source>
        <translation>将照片拖到此处</translation>
    </message>
    <message>
        <source>Choose photo…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp)</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::DocumentsPage</name>
    <message>
        <source>Documents</source>
        <translation>证件材料</translation>
    </message>
    <message>
        <source>Photograph each document flat, in daylight, filling the frame. Unclear photos are the most common reason for a rejection.</source>
        <translation>请将每份证件平放，在自然光下拍摄，并让证件充满画面。照片不清晰是被驳回的最常见原因。</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::FeaturesPage</name>
    <message>
        <source>Payment features</source>
        <translation>支付功能</translation>
    </message>
    <message>
        <source>How your customers will pay. You can change this later in Settings.</source>
        <translation>您的顾客将如何付款。以后可在“设置”中更改。</translation>
    </message>
    <message>
        <source>Counter QR code (the customer scans the till&apos;s screen)</source>
        <translation>柜台二维码（顾客扫描收银台屏幕）</translation>
    </message>
    <message>
        <source>Payment codes (the till scans the customer&apos;s phone)</source>
        <translation>付款码（收银台扫描顾客手机）</translation>
    </message>
    <message>
        <source>Payment links (for customers who are not in the store)</source>
        <translation>付款链接（用于不在店内的顾客）</translation>
    </message>
    <message>
        <source>Ways to be paid</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <source>Electronic invoices (e-fapiao)</source>
        <translation>电子发票</translation>
    </message>
    <message>
        <source>Paper invoices</source>
        <translation>纸质发票</translation>
    </message>
    <message>
        <source>No invoices</source>
        <translation>不开发票</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::LegalRepPage</name>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>The person named on the business licence, as on their ID card.</source>
        <translation>营业执照上登记的人员，信息须与其身份证一致。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Resident ID card (居民身份证)</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Long-term (长期)</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::ReviewPage</name>
    <message>
        <source>Check and send</source>
        <translation>检查并提交</translation>
    </message>
    <message>
        <source>This is what the provider will receive. Fix anything with Edit.</source>
        <translation>以下是支付机构将收到的内容。如需修改，请点击“编辑”。</translation>
    </message>
    <message>
        <source>Submit application</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>企业信息</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>证件材料</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账户</translation>
    </message>
    <message>
        <source>Payment features</source>
        <translation>支付功能</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Registered name</source>
        <translation>注册名称</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>信用代码</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>long-term</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>开户名</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>counter QR</source>
        <translation>柜台二维码</translation>
    </message>
    <message>
        <source>payment codes</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>payment links</source>
        <translation>付款链接</translation>
    </message>
    <message>
        <source>Ways to be paid</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在提交…</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::SignupPage</name>
    <message>
        <source>The provider&apos;s review says: %1</source>
        <translation>支付机构的审核意见：%1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::StatusPage</name>
    <message>
        <source>Application status</source>
        <translation>申请状态</translation>
    </message>
    <message>
        <source>Paydesk asks the provider every few seconds. You may close Paydesk: it picks up here next time.</source>
        <translation>Paydesk 每隔几秒向支付机构查询一次。您可以关闭 Paydesk：下次打开时会从这里继续。</translation>
    </message>
    <message>
        <source>Fix and send again</source>
        <translation>修改后重新提交</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即查询</translation>
    </message>
    <message>
        <source>The till is live</source>
        <translation>收银台已上线</translation>
    </message>
    <message>
        <source>The provider&apos;s reasons:</source>
        <translation>支付机构给出的原因：</translation>
    </message>
    <message>
        <source>The legal representative scans this code with their phone and confirms.</source>
        <translation>法定代表人用手机扫描此码并确认。</translation>
    </message>
    <message>
        <source>Merchant account %1 is set up on this till; its private key never left this PC.</source>
        <translation>商户账户 %1 已在本收银台设置完成；其私钥从未离开本机。</translation>
    </message>
    <message>
        <source>Setting up the till&apos;s keys…</source>
        <translation>正在设置收银台密钥…</translation>
    </message>
</context>
</TS>
