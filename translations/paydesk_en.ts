<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AlipayAgentClient</name>
    <message>
        <source>Alipay did not answer %1 (%2): try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay refused %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay opened no sign-up batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay&apos;s answer to the sign-up could not be verified (%1): try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay refused the sign-up: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The legal representative did not confirm within 15 days: send the application again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay gave no reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload the app&apos;s public key in Alipay&apos;s open-platform console, then connect the account with its app id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlipayBillParser</name>
    <message>
        <source>The Alipay statement could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement is not a valid zip file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement zip is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement zip contains no CSV file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement has no transaction list (header row not found).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the Alipay statement comes before its header row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement has no column &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the Alipay statement is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has %1 cells, the header has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown business type &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the Alipay transaction number is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a refund without a refund request number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad creation time &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad completion time &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad amount &quot;%1&quot; in column %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay statement has no header row.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlipayBillReader</name>
    <message>
        <source>The bill is UTF-8, not GBK as Alipay serves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the bill follows the end of its detail list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bill&apos;s header has %1 columns; an Alipay trade bill has %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the bill has %2 columns instead of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the bill has an amount that is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bill has no header row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bill is truncated: its detail list has no end marker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bill is not a zip file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The zip holds no trade detail file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bill&apos;s detail file is damaged (it does not inflate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the bill %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlipayCredentials</name>
    <message>
        <source>APPID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>16 digits, e.g. 2021001234567890</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open.alipay.com → Console → My apps: the 16-digit APPID of the app that has face-to-face payment (当面付).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let Paydesk make the key pair and paste its public key in the console under Development settings → API signing method (public key), or import the app private key you already use (PEM or the Base64 text of the key tool).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the console after the app public key is saved (支付宝公钥). It is Alipay&apos;s key, not the app public key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave as it is for real payments; Alipay&apos;s own developer sandbox uses https://openapi-sandbox.dl.alipaydev.com/gateway.do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>16 digits starting 2088</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional. When set, a notification that names another merchant is refused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlipayFundBillParser</name>
    <message>
        <source>The Alipay fund statement has no list of movements (header row not found).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Alipay fund statement cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has unreadable totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 comes before the header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header has no column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has %2 cells instead of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has the bad time &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has an amount that is not a number of yuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 is both income and expense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 is a withdrawal without an account serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the income and expense totals are missing (truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the totals (%1 in, %2 out) do not match the rows (%3, %4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlipaySignup</name>
    <message>
        <source>Alipay does not offer counter payments for lottery and gaming (产品不支持当前类目).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay does not offer counter payments for lending and financial services without a financial licence (经营资质不符合要求).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay account (real-name certified; logon id or 2088… id)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnalyticsStore</name>
    <message>
        <source>The store time zone is not valid; the dashboard cannot group sales by day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnnouncementText</name>
    <message>
        <source>%1 received %2 yuan</source>
        <extracomment>Spoken when a wallet payment arrives. %1 provider name, %2 the amount as spoken (Chinese numerals in Chinese, e.g. 十二点三). Chinese: &quot;%1到账%2元&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded %1 yuan</source>
        <extracomment>Spoken when a refund went through. %1 the amount as spoken. Chinese: &quot;已退款%1元&quot;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention: possible duplicate charge of %1 yuan. Please check before the customer leaves.</source>
        <extracomment>Spoken when the till detects that a customer may have paid twice.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationChecks</name>
    <message>
        <source>Enter the registered name, exactly as on the licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what the business sells.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the business&apos;s %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an 11-digit mainland mobile number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the name exactly as on the ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An enterprise is paid into a corporate account only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the bank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the account: ask for the test deposit and type the amount you received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one way to be paid.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationTexts</name>
    <message>
        <source>Not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent; waiting for the provider to start its review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under review by the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: fix what the provider marked and send it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved: the legal representative must confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant account open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled by the provider: start a new application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unified Social Credit Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal representative&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID validity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business licence photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card, portrait side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID card, national emblem side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store-front photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individual (no business licence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individual business (个体工商户)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplymentClient</name>
    <message>
        <source>WeChat Pay did not answer (%1): try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay refused the request (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s answer failed its signature check: not believed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay gave no media id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application has no business code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay gave no applyment id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the merchant certificate and APIv3 key from the WeChat Pay merchant platform, then connect the account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Entry %1 follows entry %2: entries are missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 does not link to the entry before it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 has altered details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry %1 was altered after it was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sealed head of the audit log is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries %1 to %2 were removed from the end of the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sealed head of the audit log is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sealed head of the audit log was lost before entry %1: entries at its end may have been removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries %1 to %2 were added behind the sealed head of the log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupFolder</name>
    <message>
        <source>The latest backup is %1 (made %2). To go back to it, close Paydesk and run:
paydesk restore &quot;%1&quot; --operator OWNER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no backup in %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be used: %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupService</name>
    <message>
        <source>Only the owner may back up or restore the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it fails SQLite&apos;s integrity check, so no backup was made (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move the damaged database %1 aside; nothing was restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot copy %1 to %2. The damaged database is kept as %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BillWriter</name>
    <message>
        <source>This system cannot encode GBK text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot build the bill zip.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BooksLoader</name>
    <message>
        <source>Cannot read the books: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BusinessCategories</name>
    <message>
        <source>Retail: groceries, convenience store, general goods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catering: restaurant, café, snacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyday services: hair, laundry, repairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Education and training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pharmacy and medical supplies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lottery and gaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lending and financial services</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseRepository</name>
    <message>
        <source>There is no case %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1 is not %2 any more (it is %3 now).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseText</name>
    <message>
        <source>Charged twice for one sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid after the order was closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost answer, paid again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same payer, same amount (suspected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider&apos;s figures differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 was paid although order %2 of the same sale had been paid already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 was paid after the till had closed it: the customer was probably asked to pay again, or left without the goods.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 was paid after the till had closed it, and the sale was paid by order %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer to order %1 or %2 was lost; both turned out paid, for the same amount at the same till a few minutes apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same payer paid the same amount at this till twice within a few minutes (orders %1 and %2). It may be two purchases: ask the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reports a payment for order %1 that the till did not book because its figures differ from the order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look the payment up with the provider (Find payment), then refund it there or book it by hand; dismiss the case with what was done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the customer. If it was one purchase, refund the later charge: %1 of order %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund the later charge: %1 of order %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckoutService</name>
    <message>
        <source>Payment link ready: waiting for the customer to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the customer to scan and pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The QR code could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the provider while creating the QR code; closing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider is no longer available; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the provider: checking the payment. Do not charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider says this order number is already paid; checking by query.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the payment with the provider. Do not charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer is entering the payment password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed after a restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider had closed this payment; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider closed this payment; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reports a payment error; cancelling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider has the payment; waiting for the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier cancelled; closing at the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing at the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled by the cashier; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The QR code expired before it was paid; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not paid in time; the payment was cancelled and nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The QR code could not be created; nothing was charged. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced by a new payment code; this attempt was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left open when Paydesk stopped; closed at start-up. Nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the customer had paid and the money was returned to them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No final answer yet; trying again in %n s</source>
        <translation>
            <numerusform>No final answer yet; trying again in %n s</numerusform>
            <numerusform>No final answer yet; trying again in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Charging the payment code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the QR code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One moment please.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait: the customer confirms the payment on the phone. Do not charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please confirm the payment on your phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the QR code to the customer. Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code with your wallet app to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code with %1 to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the payment with the provider. Do not charge again and do not take another payment for this sale yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait a moment while we confirm your payment. You will not be charged twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment must be refunded: do not hand over goods for it. Refund it from Cases &amp; refunds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment will be refunded to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid. Hand over the goods and the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you. Payment received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was charged. Start again or take another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment was cancelled; you were not charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling at the provider… do not charge again yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reports %1 for order %2 (transaction %3); this order is %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not booked: the provider&apos;s answer does not match this order. Do not hand over the goods; the manager must check it. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged twice for one sale (order %1 was paid first): refund this payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid after it had been closed: refund the customer (late payment).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 of the same sale was paid first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sale is already paid (order %1). Do not charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payment of this sale (order %1) must be checked by the manager first. Do not charge again; start a new sale or take cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment&apos;s progress could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not charge again and do not hand over the goods yet. Once the disk is fixed the payment is finished here by itself, or run &apos;paydesk recover&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Print one JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paydesk: unknown command &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--date needs a date like 2026-11-23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--amount is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &quot;%1&quot; is not set up on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--wait needs a number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order vanished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code for the customer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) still open.</source>
        <translation>
            <numerusform>%n order still open.</numerusform>
            <numerusform>%n orders still open.</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: paydesk audit verify [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Audit log intact: %n entries.</source>
        <translation>
            <numerusform>Audit log intact: %n entry.</numerusform>
            <numerusform>Audit log intact: %n entries.</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit log BROKEN at entry %1 (%2 entries).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a payment: a QR code for the customer, or charge a payment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount, e.g. 12.34.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s payment code (scanned).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds to wait for the outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day, e.g. 2026-11-23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only orders in this status, e.g. PAID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish every in-flight order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the tamper-evident audit log: paydesk audit verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the hash chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier payments are not final yet, so no new payment is taken: %1. Run &apos;paydesk recover&apos; when the provider answers again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment provider id (default: the till&apos;s first provider).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds: %1 finished, %2 still open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund a paid order, in full or in part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cashier&apos;s shift and drawer count: paydesk shift open|payout|close|report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard figures: paydesk analytics rebuild (recompute the aggregates) or check (compare them with the orders).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard figures recomputed from %1 orders: %2 rows, %3 of them corrected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard figures match the orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard figures differ from the orders: run paydesk analytics rebuild.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: paydesk analytics rebuild|check [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--denominations: &quot;%1&quot; is not a banknote or coin × count, e.g. 100x3,50x1,0.5x4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open, payout, close or report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cashier (password from PAYDESK_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open: cash in the drawer at the start, e.g. 200.00.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payout: cash taken out of the drawer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close: cash counted in the drawer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close: the count by banknote and coin, e.g. 100x3,50x1,0.5x4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the drawer differs, or what a payout was for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close: the manager confirming a difference over the limit (PAYDESK_APPROVER_PASSWORD, PAYDESK_APPROVER_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>report: the shift (default: the open or latest one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also save the report as a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write the report as ESC/POS printer bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: paydesk shift open|payout|close|report …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shift has been opened on this till yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--operator NAME is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shift is open on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List duplicate-charge cases, or resolve one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backups in %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %1. The database it replaced is kept as %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: paydesk restore FILE --operator NAME [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up the database now into the backups folder (owner).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner (password in PAYDESK_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the backups instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the database with a backup (owner); the replaced one is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup to restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No duplicate-charge cases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--resolve needs a case number, e.g. 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--action must be refund or dismiss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolving a case needs --operator NAME (password in PAYDESK_PASSWORD, code in PAYDESK_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no case %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds are not set up on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund is decided but the provider has not answered yet. Run the same command again: it refunds once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also list resolved cases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve this case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How: refund (the later charge) or dismiss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (required to resolve).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager or owner resolving the case (password in PAYDESK_PASSWORD, code in PAYDESK_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--action and --reason go with --resolve CASE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconcile a business day with the providers&apos; statements, resolve an exception (--resolve), sign the day off (--sign-off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office&apos;s address is needed: --url postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office daily report %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, store %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, till %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1/%2 %3: %4 paid, gross %5, refunded %6, net %7, %8 failed, %9 open
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1 paid, gross %2, refunded %3, net %4
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation (books against statements):
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office is already set up (schema %1); use paydeskctl hq migrate to upgrade it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office schema at version %1 (%2 step(s) applied).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store %1 registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till %1 of store %2 can push as role %3 with the password %4 (shown once).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role %1 reads every store, password %2 (shown once).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown hq action &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joined to %1 as store %2, till %3; %4 change(s) waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not joined to a head office; %1 change(s) waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till is not joined to a head office (paydeskctl hq join).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pushed %1 change(s) in %2 batch(es); %3 waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hq %1 needs --operator (the owner; password from PAYDESK_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the owner may join this till to a head office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hq join needs --url, --store and --till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office on PostgreSQL: paydesk hq init|migrate|add-store|add-till|add-reader|report (with --url) and join|push|status|leave (this till).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>init, migrate, add-store, add-till, add-reader, report, join, push, status or leave.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office: postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full (password from PGPASSWORD or ~/.pgpass; for join from PAYDESK_HQ_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add-store: the store&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add-store: its time zone (default Asia/Shanghai).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add-reader: the reader&apos;s role name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>report: the business day, e.g. 2026-11-23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>join/leave: the owner (password from PAYDESK_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>join: seconds between background pushes (default 30).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: already imported (%3 lines).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3 lines imported, fees %4 minor units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the statement file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download and import the providers&apos; statements: paydesk sync [--date D] [--provider P], or a file saved from the merchant portal: paydesk sync --file BILL [--provider P].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day, e.g. 2026-11-23 (default: every day since the last one synced, up to yesterday).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this provider (its registry id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date like 2026-11-23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no payment provider &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till has no account with %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The providers did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to sync: every day up to yesterday is imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1 %2: books %3, statement %4 (%5 lines, %6 unmatched), fees %7, paid out %8, difference %9, open exceptions %10
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fund statement %2: already imported (%3 payouts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fund statement %2: %3 payouts, %4 booked now (%5 minor units).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fund statement %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import this statement file (a trade statement or a fund-flow statement) instead of downloading.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ControlApi</name>
    <message>
        <source>No such control call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use GET or POST.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>public_key must be an RSA public key in PEM: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balance_minor must be a non-negative whole number of fen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No buyer %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trade is already paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trade is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give &quot;qr&quot; or &quot;out_trade_no&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such trade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such buyer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register an app first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That trade already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment successful.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox does not speak %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provider must be one of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trade is not waiting for the buyer&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kind must be orphan_payment, amount_mismatch, late_success, fee_mismatch or duplicate_line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trade is not paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox does not speak &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;day&quot; must be yyyy-MM-dd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;late_days&quot; must be 0 to 60 and &quot;short_minor&quot; not negative.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialCheck</name>
    <message>
        <source>%1 is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not look right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not look right: expected %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be a web address starting with https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a public key. Paste or import the private key here (it begins with &quot;-----BEGIN PRIVATE KEY-----&quot; or is the longer Base64 text).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is an RSA key of %2 bits; at least 2048 are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the public half of the %2, i.e. your own key. Copy the provider&apos;s public key from the console instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused Paydesk&apos;s signature: the %2 does not belong to the public key registered for this %3. Paste the public key shown here into the %1 console, or import the private key that belongs to the one registered there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered, but its answer does not verify with the %2 you entered. Copy the %2 from the console again (it is %1&apos;s key, not your app&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk could not reach %1 (%2). Check the internet connection and the gateway address, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the request: %2 (%3). Check the %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not confirm the account: %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Crypto</name>
    <message>
        <source>The key is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is protected by a passphrase. Export it without one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is neither PEM nor Base64. Paste the whole key text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is not a readable RSA key (PKCS#8, PKCS#1 or X.509 public key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is not an RSA key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An RSA key must have between 2048 and 16384 bits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The RSA key could not be generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing needs a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data could not be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An AES-256 key must be exactly 32 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An AES-GCM nonce must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data could not be encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encrypted data could not be decrypted: it was altered, or the key is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scrypt parameters are invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password could not be processed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is not valid Base32.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field could not be encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The field could not be decrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is not a readable certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate holds no usable key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerHelp</name>
    <message>
        <source>The payment did not go through. Please try again or pay another way. If your phone shows that money was taken, show it to the cashier: it is looked up at once and comes back to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is on its way back to your %2 account. It usually arrives within minutes, at most in a few working days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your refund of %1 has been requested from %2. Keep your receipt; if it has not arrived in a few working days, come back with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safety tip: before you pay, check that your phone shows this store as the payee, and do not pay over a Wi-Fi network you do not trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safety tip: a refund never needs your password or payment code. Nobody from the store or the provider will ask you for them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sales by day, last %n day(s) (gross, ¥)</source>
        <translation>
            <numerusform>Sales by day, last %n day (gross, ¥)</numerusform>
            <numerusform>Sales by day, last %n days (gross, ¥)</numerusform>
        </translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales by hour of day (gross, ¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best hours: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales by provider (gross)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales by payment kind (gross)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket sizes (number of sales per ¥ band)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returning payers (all tills)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1% of %n payer(s) in this range had paid before it.</source>
        <translation>
            <numerusform>%1% of %n payer in this range had paid before it.</numerusform>
            <numerusform>%1% of %n payers in this range had paid before it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Returning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The database refused an operation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migration %1 has no version number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the migration %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the database failed at step %1 (%2); nothing was changed. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file %1 is damaged (corrupt): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk holding the data folder %1 is full, so this was not saved. Free disk space on it (or move the data folder to a larger disk), then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data folder %1 cannot be written to (read-only), so this was not saved. Check the data folder: the disk may be write-protected, mounted read-only or failing. Make it writable, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk holding the data folder %1 reported an error (%2), so this was not saved. Check the disk and the data folder, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DayReportWriter</name>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily reconciliation report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day %1 (00:00 to 24:00, the providers&apos; day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed (signed off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (not signed off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals (CNY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net (expected settlement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clearing balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 statement line(s) matched, %2 exception(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: the books match the statements.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class / provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1, keyed hash %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed off yet: these figures may still change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily reconciliation report %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PDF could not be started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · page %3 of %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PDF could not be finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the file name must end in .csv, .json or .pdf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PDF needs the fonts of a graphical session (run it from paydesk or paydeskctl with --out FILE.pdf).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentCheck</name>
    <message>
        <source>Use a JPG, PNG or BMP photo whose file name ends in its type (.jpg, .png, .bmp).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is too small (%1 KB) to be a readable photo: take a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo is %1 MB; the providers take at most 2 MB. Save it smaller or at a lower quality.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be read as an image: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo is %1×%2 pixels; at least %3×%4 are needed to read it. Take it again closer or with a better camera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo looks too dark: retake it in better light.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo looks unclear: retake it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftStore</name>
    <message>
        <source>A draft needs a page key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved draft of this page cannot be decrypted: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscPosEncoder</name>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REFUND</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportCommands</name>
    <message>
        <source>Export the journal for an accountant: paydesk export --from D --to D --format csv|beancount [--out FILE] --operator NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First store day, e.g. 2026-11-01.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last store day, e.g. 2026-11-30.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>csv (general journal) or beancount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to this file (default: standard output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An owner or manager (password in PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--from and --to need dates like 2026-11-23, the first not after the second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be csv or beancount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an owner or a manager may export the books.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write to standard output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 journal entries (%2 postings) written to %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FailureLabels</name>
    <message>
        <source>Insufficient balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired or invalid payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsupported wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment limit exceeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network trouble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trade not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trade closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature check failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FaultPlan</name>
    <message>
        <source>Fault &quot;%1&quot; needs the form name:value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latency_ms must be a whole number of milliseconds between 0 and 600000, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probability of %1 must be between 0 and 1, not &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown fault &quot;%1&quot;. Known: latency_ms, timeout, drop_response, http_5xx, userpaying, dup_notify, late_success.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqConnection</name>
    <message>
        <source>Head office refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL driver for Qt is not installed (Debian: libqt6sql6-psql).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach head office at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqEndpoint</name>
    <message>
        <source>&quot;%1&quot; is not a head-office address like postgresql://till@hq.example.com:5432/paydesk?sslmode=verify-full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The head-office address has an option Paydesk does not pass on: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqReport</name>
    <message>
        <source>The report needs a business day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqSchema</name>
    <message>
        <source>The migration %1 has no version number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the migration %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading head office failed at step %1 (%2); nothing was changed. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A store id is 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone PostgreSQL knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store and till ids are 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A till&apos;s head-office password has at least 12 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till %1 of store %2 is already registered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reader&apos;s name is lower-case letters, digits and &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A head-office password has at least 12 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HqSettings</name>
    <message>
        <source>This till is not joined to a head office (paydeskctl hq join).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store and till ids are 1 to 32 letters, digits, &apos;-&apos; or &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pushing more often than every 5 seconds is not useful.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JournalExporter</name>
    <message>
        <source>The range needs two dates, the first not after the second.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message>
        <source>A journal entry needs at least two postings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A posting cannot be zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry&apos;s amounts are too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry does not balance: debits and credits differ by %1 minor units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The posting to account &quot;%1&quot; was refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>Enter an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many decimal places: at most %n allowed.</source>
        <translation>
            <numerusform>Too many decimal places: at most %n is allowed.</numerusform>
            <numerusform>Too many decimal places: at most %n are allowed.</numerusform>
        </translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This currency has no decimal places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount. Use digits and at most one decimal mark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Malformed amount &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot combine %1 with %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to split the amount into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split weights cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split weights add up to zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount: digit grouping is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message>
        <source>The system random generator failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store already has an owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an operator called %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no operator called %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot disable yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store must keep at least one owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is logged in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operator no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a password different from the current one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This operator is disabled. Ask the owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the code from your authenticator app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-factor authentication is not set up for this operator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code was already used. Wait for the next one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code is wrong or has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the two-factor setup again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code does not match. Check the phone&apos;s time and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a code from your authenticator app to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Order</name>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking with the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderRepository</name>
    <message>
        <source>The order number &quot;%1&quot; is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new order could not be read back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no order %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 cannot go from %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken over by %1 from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown process</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordPolicy</name>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Use at least %n character.</numerusform>
            <numerusform>Use at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>This is one of the most common passwords; pick something less guessable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not use the store&apos;s name in the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not use your own name in the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run of the same or consecutive characters is easy to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mix upper and lower case letters, digits and symbols, or use a longer phrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A longer passphrase of several unrelated words is stronger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avoid repeating the same characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too easy to guess: make it longer or more varied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayerHasher</name>
    <message>
        <source>The payer-hashing salt is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system random generator failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no payer identifier to hash.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentCodeRouter</name>
    <message>
        <source>No payment code was scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a payment code: it must be digits only. Ask the customer to open the payment code in %1 and scan it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 payment codes are not supported yet. Ask the customer to pay with %2, or take cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>This payment code is not recognised (%n digits). Ask the customer to show the %1 payment code again.</source>
        <translation>
            <numerusform>This payment code is not recognised (%n digit). Ask the customer to show the %1 payment code again.</numerusform>
            <numerusform>This payment code is not recognised (%n digits). Ask the customer to show the %1 payment code again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaymentExceptions</name>
    <message>
        <source>There is no open payment exception %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentLookup</name>
    <message>
        <source>Give the time window in which the customer paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end of the time window is before its start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Search at most %n days at a time.</source>
        <translation>
            <numerusform>Search at most %n day at a time.</numerusform>
            <numerusform>Search at most %n days at a time.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the amount the customer paid, more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the transaction id or order number from the customer&apos;s phone or receipt, or the amount and when they paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cash sale: the money is in the drawer, no provider was involved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider of this order is not connected, so it cannot be asked now. Try again when the till is online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider did not answer; whether money moved is not known yet. Ask again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused the question (%1). Ask again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider holds a payment of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider holds a payment of %1, of which %2 went back to the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No money is held any more: the payment was refunded in full (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet: the customer is still confirming on their phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider holds no payment for this order.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentProvider</name>
    <message>
        <source>This provider has no fund statement to download.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinnedKeyVerifier</name>
    <message>
        <source>The server&apos;s key does not match the pinned key. The connection was refused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrivacyService</name>
    <message>
        <source>%1 is not a valid column or table name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds money or audit records and is never purged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A personal-data source needs columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the customer&apos;s payer id hash or phone number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderAdvice</name>
    <message>
        <source>The payment went through. Nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you, your payment was received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s balance is too low. Nothing was charged. Ask for another card or wallet, then take the payment again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your balance is not enough. Please choose another card or payment method in your wallet, or top up, and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer entered a wrong payment password. Nothing was charged. Let them try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment password was not accepted. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment code was expired, already used or not readable. Nothing was charged. Ask the customer to refresh the code and scan it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your payment code has expired. Please refresh the code in your wallet and show it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This wallet or account cannot pay this store. Nothing was charged. Ask for another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This wallet cannot be used here. Please use another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payment limit was reached (the customer&apos;s daily limit or the store&apos;s). Nothing was charged. Ask for another payment method or a smaller amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment is over a limit of your account. Please use another card or payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the payment provider. The payment may or may not have gone through. Paydesk keeps checking — do NOT charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We are confirming your payment. Please wait a moment and do not pay again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment provider is busy and did not give a final answer. Paydesk keeps checking — do NOT charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider has no record of this payment: it was not paid. You can start a new payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment was not completed. Nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order is already paid. Do NOT charge again; check the order list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order has already been paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment was closed and can no longer be paid. Start a new payment if the customer still wants to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment request has expired. The cashier will start a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message between Paydesk and the provider failed its security check. Do NOT charge again. Ask the manager to check the provider keys in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is a technical problem. Please wait a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider rejected the request as invalid. Nothing was charged. Ask the manager to check the provider settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is a technical problem. Please use another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused this store&apos;s account for this action. Nothing was charged. Ask the manager to check the merchant account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment method is not available right now. Please use another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider declined the payment. Nothing was charged. Ask for another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment did not go through. Please try another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount is over the payment limit: more than the provider or this store&apos;s account takes in one payment. Nothing was charged. Take it in smaller payments or another way; the limits are in the merchant account and in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This amount is over the limit for one payment. Nothing was charged. Please pay in smaller parts or another way.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderCatalog</name>
    <message>
        <source>The provider comparison data is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the monthly volume, more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the average ticket, more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The volume and the ticket are in different currencies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The average ticket cannot be more than the monthly volume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%</source>
        <comment>a fee rate, e.g. 0.6%</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code at the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer&apos;s payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At once to the account balance; you withdraw it to the bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To the bank account the next day (T+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A real-name certified account of the merchant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal representative&apos;s ID card (both sides)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo of the store front with its sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo inside the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settlement bank account</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>About %n working day(s)</source>
        <translation>
            <numerusform>About %n working day</numerusform>
            <numerusform>About %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>%1–%2 working days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderRegistry</name>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A provider needs an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider %1 is registered twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <comment>a list of wallets: &apos;A, B or C&apos;</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator of a list of wallets</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No provider %1 is known to this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be used on this till yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UnionPay</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderSetup</name>
    <message>
        <source>The sandbox address %1 is not an http(s) URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot set up the sandbox merchant account at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another Paydesk is starting the built-in sandbox; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QrPage</name>
    <message>
        <source>Paydesk sandbox wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order is already paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order is closed and can no longer be paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code is not known to the sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptActions</name>
    <message>
        <source>Save receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptData</name>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded in total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptPrinter</name>
    <message>
        <source>Bad baud rate in &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No serial port in &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer &quot;%1&quot; is neither tcp://HOST:PORT nor serial:PORT.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptRenderer</name>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the PDF file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the PDF file %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REFUND</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconClass</name>
    <message>
        <source>Matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing at provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing locally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconcileCommands</name>
    <message>
        <source>--date D is required, e.g. --date 2026-11-23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The date must be YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: gross %2, refunds %3, fees %4, net %5 (matched %6, clearing %7, settled %8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No exceptions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolved by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by %1 at %2; audit head #%3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--resolve takes an exception id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--reason TEXT is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exception %1 resolved (entry %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 signed off by %2; audit head #%3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day, e.g. 2026-11-23.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this provider (default: every provider with a statement for the day).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve the exception with this id (needs --reason and --operator).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it is resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign the day off (a manager with TOTP); the day is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who resolves or signs off (password in PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A statement sync is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The providers did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write the day&apos;s report to FILE.csv, FILE.json or FILE.pdf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk knows no provider &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no statement for %1, and the sync found none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reconciler</name>
    <message>
        <source>Nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the receipt with the provider&apos;s record; book the difference as an adjustment or ask the provider to correct it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider took the money but the till has no final answer: run recovery to query the order, then reconcile the day again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer paid an order the till closed: open a duplicate-charge case and refund the customer unless the sale was completed another way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The till booked a payment the provider does not list: query the order; if the provider has no payment, reverse the sale and ask the customer to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider lists a payment the till never recorded: find the sale (another till or a manual charge) and book it, or refund it if there was none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund differs between the till and the provider: query the refund and book what the provider actually paid back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fee is not the account&apos;s configured rate: check the rate in the merchant contract and ask the provider about the difference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement lists this transaction twice: keep the first line and report the duplicate to the provider; nothing is booked twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconciliationService</name>
    <message>
        <source>There is no %1 statement for %2 yet: sync it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the exception is resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no exception %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is signed off: its exceptions can no longer be resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exception %1 is not open (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation %1, %2 of %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was already signed off by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not been reconciled yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n exception(s) of the day are still open: resolve them first.</source>
        <translation>
            <numerusform>%n exception of the day is still open: resolve them first.</numerusform>
            <numerusform>%n exceptions of the day are still open: resolve them first.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log&apos;s head could not be read at sign-off.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconciliationStore</name>
    <message>
        <source>Exception %1 is not open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundApproval</name>
    <message>
        <source>A refund above %1 needs a manager&apos;s password and authenticator code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner asks for a manager&apos;s password and authenticator code for every refund by a cashier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot approve refunds: a manager or the owner must.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundCommands</name>
    <message>
        <source>The order&apos;s out_trade_no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to refund, e.g. 5.00 (default: all that is left).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the money goes back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who refunds (password in PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own refund request number: repeating the command with it never refunds twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--order OUT_TRADE_NO is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--reason TEXT is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no order %1 on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run it with --operator set to a manager, and PAYDESK_TOTP set to their current code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer in time; run &apos;paydesk recover&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundService</name>
    <message>
        <source>The provider is not available on this till yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the provider, waiting for the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused the refund: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider is processing the refund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the provider (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider has no record of the refund yet; asking again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 Trying again in %n second(s).</source>
        <translation>
            <numerusform>%1 Trying again in %n second.</numerusform>
            <numerusform>%1 Trying again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such refund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 was paid in cash: give the money back from the drawer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is %2: only a paid order can be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund amount must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund must be in the order&apos;s currency (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the money is refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund must name who asked for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund of %1 for order %2 is still in progress (%3). Wait until it is finished before refunding again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is refunded in full already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 can still be refunded on order %2 (asked: %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid refund request number (1 to 64 letters, digits, &apos;-&apos; or &apos;_&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund request %1 was already used for %2 on another order or amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no such order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund decided, not sent yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 of %2 decided by %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded in full (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 of %2 succeeded (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 of order %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplayGuard</name>
    <message>
        <source>The message has no id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message was already received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message has no valid timestamp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The message is too old or from the future (%1 s off).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreCandidate</name>
    <message>
        <source>There is no file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Paydesk database; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot copy %1 into %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fails SQLite&apos;s integrity check, so it is not restored; nothing was changed. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was made by a newer Paydesk (database version %2; this one knows up to %3). Install that version first; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be brought up to this version; nothing was changed. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log in %1 does not verify with this till&apos;s key (entry %2: %3). It comes from another installation or was altered; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SandboxCommand</name>
    <message>
        <source>paydesk sandbox: %1
Usage: paydesk sandbox [--port N] [--seed S] [--faults SPEC] [--state DIR]
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs the loopback payment provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown option %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad value &quot;%1&quot; for %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SandboxProvisioner</name>
    <message>
        <source>A private app key is needed to register with the sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox did not answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not register with the sandbox: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox sent an incomplete answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox does not speak this provider&apos;s protocol.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretVault</name>
    <message>
        <source>The data key must be exactly %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file %1 is not a regular file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file %1 can be read by other users. Restrict it to its owner (chmod 600) and check that nobody copied it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file %1 is damaged (wrong size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 for the key file cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secure random data key could be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file %1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secure random nonce could be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored secret is not in a known encrypted format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored secret is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored secret cannot be decrypted: it was altered, belongs to another field, or the key file is not the one it was saved with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Nobody is logged in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 may not do this: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up two-factor authentication for %1 before doing this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a code from your authenticator app to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettlementTracker</name>
    <message>
        <source>A payout needs a positive amount, a reference and the day it covers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout %1 of %2 for %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask %1&apos;s merchant support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call %1&apos;s merchant support on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 paid out %2 for %3 but owes %4: %5 short. %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not paid out %2 for %3, due by %4. %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fund statement of %1 for %2 could not be downloaded: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The downloaded fund statement names no business day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fund statement of %1 for %2 does not match its checksum: nothing was imported. Download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A different fund statement of %1 for %2 is already imported: this one was refused. Statements are kept as first imported; check which one the provider serves now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payout of the fund statement belongs to another provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3 expected by %4, not due yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3 expected, %4 received, settled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: LATE. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: SHORT. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: no payout due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fund statement has no payout to tell its day: give the day (--date).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupCommands</name>
    <message>
        <source>Unattended first start: create the owner (password from PAYDESK_PASSWORD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also enrol two-factor authentication and print its otpauth URI and recovery codes once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--owner NAME is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set PAYDESK_PASSWORD to the owner&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till already has an owner; log in instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is too weak: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner %1 created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-factor authentication is on. Add this to the owner&apos;s authenticator app (shown once):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery codes (each works once; shown once):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant accounts: paydesk provider add|test|list|remove --operator OWNER.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add, test, list or remove.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner (password from PAYDESK_PASSWORD, code from PAYDESK_TOTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account environment (default: production).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: paydesk provider add|test|list|remove --operator OWNER [--provider P] ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--provider is required; one of: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No provider %1 is known to this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1 for --%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 account %2 connected: the provider answered the test query for %3 with a signed &quot;no such trade&quot;. It is used from the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 account %2 works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No merchant accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till has no %1 account in &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 account in &quot;%2&quot; removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; @FILE reads it from a file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <source>QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report (interim)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cash sales (%n)</source>
        <translation>
            <numerusform>Cash sales (%n)</numerusform>
            <numerusform>Cash sales (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Payouts (%n)</source>
        <translation>
            <numerusform>Payouts (%n)</numerusform>
            <numerusform>Payouts (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Expected in drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takings</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 (%n)</source>
        <translation>
            <numerusform>%1, %2 (%n)</numerusform>
            <numerusform>%1, %2 (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gross (%n)</source>
        <translation>
            <numerusform>Gross (%n)</numerusform>
            <numerusform>Gross (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refunded (%n)</source>
        <translation>
            <numerusform>Refunded (%n)</numerusform>
            <numerusform>Refunded (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed or closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PDF of the shift report can only be made in the till&apos;s window (Shift menu); from the command line use --escpos or --json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the shift report to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignupDraftStore</name>
    <message>
        <source>The saved application cannot be read (%1). Start it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A saved photo cannot be read (%1): add it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignupSession</name>
    <message>
        <source>This provider cannot open merchant accounts from Paydesk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider has not opened the account yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox cannot sign merchants up with %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SqliteFile</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the backup %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the backup %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying the database failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot finish the backup %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring the database failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot finish the restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatementImporter</name>
    <message>
        <source>The statement of %1 for %2 could not be downloaded: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The downloaded statement names no business day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement of %1 for %2 does not match its checksum: nothing was imported. Download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no payment provider &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk cannot read statements of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a statement of any provider Paydesk knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement file was refused, nothing was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement has no lines to tell its business day: give the day (--date).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A different statement of %1 for %2 is already imported: this file was refused. Statements are kept as first imported; check which one the provider serves now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee returned on refund %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee on payment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 of the statement was refused, nothing was imported: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing of the statement was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketBuckets</name>
    <message>
        <source>&lt; ¥%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≥ ¥%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>¥%1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1+</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TradeStore</name>
    <message>
        <source>Cannot create the sandbox state folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox state file %1 is damaged or from another version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trade is already paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The buyer&apos;s balance is not enough.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund exceeds what remains of the trade.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Transaction</name>
    <message>
        <source>The database is busy; try again in a moment. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transaction is open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Validators</name>
    <message>
        <source>A Unified Social Credit Code has 18 characters (this one has %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Unified Social Credit Code has only digits and the capital letters A–Y without I, O, S, V and Z; &quot;%1&quot; is not one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last character of this code does not match the others: check it against the business licence. You may go on; the provider&apos;s review decides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A resident ID number has 18 characters (this one has %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first 17 characters of an ID number are digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters 7–14 of an ID number are the birth date; &quot;%1&quot; is not a real one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ID number is mistyped: its last character does not match the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the date the ID was issued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID&apos;s issue date is in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the date the ID expires, or choose &quot;long-term&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ID expires before it was issued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ID expired on %1: the provider refuses expired IDs. Renew it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ID expires within %1 days; providers often refuse IDs about to expire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bank account number has 8 to 30 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bank account number has only digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account number fails the card check digit. Some domestic accounts do: check it before going on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the account holder&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A corporate account must be held by the business itself: the holder must read &quot;%1&quot;, exactly as on the business licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A personal account must be held by the legal representative: the holder must read &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPayAccount</name>
    <message>
        <source>The WeChat Pay account lacks its merchant id, app id or a certificate serial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The WeChat Pay APIv3 key must be exactly 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The WeChat Pay APIv2 key must be exactly 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox sent an incomplete WeChat Pay account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPayBillParser</name>
    <message>
        <source>The WeChat Pay statement cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file ends in the middle of a line (truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header has no column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has %2 fields instead of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has the unknown state &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has the bad time &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has no merchant order number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has an amount that is not a number of yuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 is a refund without a refund number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary rows are missing (truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary is not one row after its header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary counts %1 rows, the file has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the refunds add up to %1, the summary says %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPayCredentials</name>
    <message>
        <source>Platform certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This serial is not the pasted platform certificate&apos;s (%1). Leave it empty to use the certificate&apos;s own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant ID (商户号)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>digits, e.g. 1900000001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pay.weixin.qq.com → Account centre → Merchant information: the merchant ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AppID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wx and 16 letters or digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product centre → AppID account management: the AppID bound to this merchant ID. WeChat Pay checks the pair at the first payment, not in this test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant certificate serial (证书序列号)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up to 40 hexadecimal characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account centre → API security → API certificate: the serial of the certificate whose private key you import below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant API private key (apiclient_key.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import apiclient_key.pem from the folder WeChat Pay&apos;s certificate tool wrote when the API certificate was applied for. It never leaves this PC unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APIv3 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exactly 32 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API security → APIv3 key: the 32 characters you set there. It decrypts payment notifications; WeChat Pay cannot check it in this test, so copy it carefully.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay public key or platform certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API security → WeChat Pay public key (pub_key.pem), or a platform certificate (wechatpay_….pem). It is WeChat Pay&apos;s key, not your merchant certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay public key ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PUB_KEY_ID_ and digits, or a certificate serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown beside the WeChat Pay public key (PUB_KEY_ID_…). Leave empty when you pasted a platform certificate: its serial is read from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APIv2 key (payment codes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional. API security → APIv2 key: needed to scan customers&apos; payment codes; counter QR codes work without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave as it is for real payments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notification address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay requires one with every QR order: the public https address that forwards its payment notifications to this till. The till also asks WeChat Pay for each payment&apos;s outcome, so payments complete even when notifications do not arrive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This PC&apos;s clock differs from WeChat Pay&apos;s by more than five minutes, so neither side believes the other&apos;s signature. Set the date and time right and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay does not know this merchant ID. Copy it from the merchant platform&apos;s account centre. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay does not know this merchant certificate serial for the merchant ID. Copy the serial of the API certificate whose apiclient_key.pem you imported. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay refused Paydesk&apos;s signature: the merchant API private key is not the key of the certificate with this serial. Import the apiclient_key.pem that belongs to it. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay answered, but signed with a key whose ID is not the one you entered (%1). Copy the WeChat Pay public key ID again, or the platform certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay answered, but its answer does not verify with the WeChat Pay public key you entered. Copy WeChat Pay&apos;s public key (or platform certificate) again; it is not your merchant certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay&apos;s answer came without a signature, so it proves nothing. Check the API address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPayFundBillParser</name>
    <message>
        <source>The WeChat Pay fund statement cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file ends in the middle of a line (truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is not UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header has no column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has %2 fields instead of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has the bad time &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 has an amount that is not a number of yuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 is neither income nor expense (&quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 is a withdrawal without a fund-flow number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary rows are missing (truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary is not one row after its header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary counts %1 rows, the file has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary&apos;s income and expense counts do not match the rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the summary&apos;s totals (%1 in, %2 out) do not match the rows (%3, %4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPaySignup</name>
    <message>
        <source>The sandbox did not register a WeChat Pay service provider: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay has not opened this category to merchants (暂未开放类目).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay takes lending and financial services only with a financial licence it can verify (无法提供相关资质).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPayV2</name>
    <message>
        <source>The provider&apos;s XML answer is malformed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>document type declarations are not accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>content after the root element</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the root element is not &lt;xml&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>element &lt;%1&gt; is not flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>element &lt;%1&gt; appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no &lt;xml&gt; root</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WechatPayV3Signer</name>
    <message>
        <source>The answer is not signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is signed with a key this till does not know (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer&apos;s time is more than %1 s away from this till&apos;s clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer failed its signature check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The APIv3 key must be 32 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encrypted notification is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Option %1 needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Run &apos;%1 COMMAND --help&apos; for a command&apos;s options.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name a command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1 [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] [--hq URL] [COMMAND ...]

Without a command, Paydesk opens its window. Commands:
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::AlertsPanel</name>
    <message>
        <source>Show acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did you find?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::AlipayProvider</name>
    <message>
        <source>The provider sent no QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider sent no statement address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification is not signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification failed its signature check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification is for another Alipay app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification is for another merchant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification lacks required fields.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::AlipayTransport</name>
    <message>
        <source>Alipay is not configured (gateway or app id missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer within %1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider answered HTTP %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider sent an empty answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer failed its signature check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement download timed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::AnnouncementSettingsPage</name>
    <message>
        <source>Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announce each payment received (provider and amount)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announce refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warn out loud about a possible duplicate charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default for the language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the announcement</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::AnomalyMonitor</name>
    <message>
        <source>A payment of %1 is more than %2 times the usual ticket (median %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 payments in the last %2 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refunded %2 at %3, outside opening hours (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 made %2 refunds in %3 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refunded %2 of %3 taken today (more than %4%).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 payment codes were refused in %2 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cancelled or reversed %2 payments in %3 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alert does not exist or was already acknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::AuditView</name>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action (e.g. operator. or refund.created)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit log is intact: %n entries verified.</source>
        <translation>
            <numerusform>The audit log is intact: %n entry verified.</numerusform>
            <numerusform>The audit log is intact: %n entries verified.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit log was tampered with, first at entry %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries 1 to %1 were written before the log was keyed and are checked with the older, unkeyed hash.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CaseRefunder</name>
    <message>
        <source>There is no case %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged twice for one sale: refunded automatically (owner&apos;s setting).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The till did not book this payment, so it cannot refund it. Check it with the provider and dismiss the case with what was done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1 is already %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is not on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is left to refund on order %1 (it was refunded another way). Dismiss the case and say so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund could not be recorded in the audit log; nothing was refunded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CaseService</name>
    <message>
        <source>Give a reason: what was checked, and why no refund is due (or how the money went back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The reason can have at most %n characters.</source>
        <translation>
            <numerusform>The reason can have at most %n characters.</numerusform>
            <numerusform>The reason can have at most %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no case %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CasesPanel</name>
    <message>
        <source>No open case. Charges that may have to go back to a customer show up here as soon as they are found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer (hashed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1 dismissed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 of order %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunding %1 of order %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1: %2 refunded to the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case %1: the refund is with the provider; the case closes when it is final.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n new or changed case(s).</source>
        <translation>
            <numerusform>%n new or changed case.</numerusform>
            <numerusform>%n new or changed cases.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show resolved cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for duplicates now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (required): what you checked and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund the later charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CasesView</name>
    <message>
        <source>Find payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CashEntryDialog</name>
    <message>
        <source>Pay out cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open your shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash taken out of the drawer (a supplier paid, change fetched): it is booked and the drawer count expects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the cash in the drawer before the first sale. The till expects this float plus your cash sales when you close the shift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount paid out:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash in the drawer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payout must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say what the cash was paid out for.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat new password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner set a temporary password. Choose your own to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your password is older than %n day(s), the limit the owner set. Choose a new one to continue.</source>
        <translation>
            <numerusform>Your password is older than %n day, the limit the owner set. Choose a new one to continue.</numerusform>
            <numerusform>Your password is older than %n days, the limit the owner set. Choose a new one to continue.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::ChartCard</name>
    <message>
        <source>PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this chart as a picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the numbers of this chart for a spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sales in this range yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The picture could not be saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart data as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CheckoutService</name>
    <message>
        <source>Enter an amount greater than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments with &quot;%1&quot; are not set up on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the previous attempt %1 to close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous attempt was paid; this code was not charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled by the cashier; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is already %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cash tendered is less than the amount due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sale is already paid (order %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the wallet payment %1 before taking cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid in cash; change %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is more than the largest sale this till takes (%2). Check the amount; a larger sale needs the manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An earlier payment of this sale (%1) is still being closed; wait for it to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a %1 code, but %1 is not set up on this till. Ask the customer to pay another way, or take cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced by a newer payment code before it was sent; nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payment was taken: the order could not be saved before asking the provider. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider took the payment (transaction %1), but it could not be saved yet: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CheckoutView</name>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge by QR (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan code (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment link (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan or type the customer&apos;s payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount and press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the amount first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount greater than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payment is in progress. Wait for it or press Esc to cancel it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough: %1 short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell the customer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change to give: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print receipt (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt as PDF (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CloseShiftDialog</name>
    <message>
        <source>Close the shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash counted in the drawer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count by banknote and coin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong change given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash sale not entered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash taken without a payout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for a difference:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected in the drawer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drawer matches: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — a manager must confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted cash: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ConnectAccountDialog</name>
    <message>
        <source>Connect an existing merchant account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk checks the details with the provider before saving them. A new account is used from the next start of Paydesk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ConnectAccountPanel</name>
    <message>
        <source>Check and connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking with %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting a merchant account needs your second factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: %1 Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: see the note at the field above. Nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Connected. %1 answered a test query for %2 with a signed &quot;no such trade&quot;: the account and both keys are right. The account is saved (the private key encrypted).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ConnectAccountStep</name>
    <message>
        <source>Connect your merchant account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the details of your %1 account. Paydesk checks them with %1 before anything is saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CredentialForm</name>
    <message>
        <source>Show more settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the key here (PEM or Base64), or import its file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new key pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its public key, to paste into the provider&apos;s console:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ RSA-%1 private key set; it is stored encrypted on this PC only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ RSA-%1 public key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key files (*.pem *.key *.txt *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Certificate %1 with an RSA-%2 public key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::DashboardView</name>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All cashiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The figures could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Live monitoring (%n open alert(s))</source>
        <translation>
            <numerusform>Live monitoring (%n open alert)</numerusform>
            <numerusform>Live monitoring (%n open alerts)</numerusform>
        </translation>
    </message>
    <message>
        <source>Live monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::FindPaymentPanel</name>
    <message>
        <source>No payment on this till matches. Check the number with the customer; a payment taken at another till is not listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction id at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded so far: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged: this payment should be refunded (see Cases).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 customer service: %2 (give them the transaction id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money moved: YES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money moved: NO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money moved: NOT KNOWN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type what the customer shows: the transaction id or the merchant order number from their phone, or the order number on the receipt. Or give the amount and when they paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction id or order number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount, e.g. 12.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Did money move? Ask the provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log a complaint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction id / order number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or amount, from, to, provider:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::FinishedStep</name>
    <message>
        <source>Ready to take payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Owner: %1, with two-factor authentication.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Sandbox: %1 No real money moves; connect a real account in Settings when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ New %1 merchant account %2 approved and live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ %1 account %2 connected and checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 support: %2. It stays in the Help menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Finish to open the till: type an amount and press Enter, the customer scans the QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk is set up.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::HeadOfficeWindow</name>
    <message>
        <source>Paydesk head office — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All stores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net %1 from %2 paid orders (gross %3, refunded %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read at %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::Headless</name>
    <message>
        <source>This command needs --operator NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set PAYDESK_PASSWORD to the operator&apos;s password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This operator uses two-factor authentication: set PAYDESK_TOTP to the current code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::HqConnectDialog</name>
    <message>
        <source>Connect to head office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: from PGPASSWORD or ~/.pgpass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consolidated books of every store live in head office&apos;s PostgreSQL. Connect with a reader&apos;s role.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::HqController</name>
    <message>
        <source>Head &amp;office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Consolidated books of every store...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head office not reached; sales are kept and sent later. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::IssueLog</name>
    <message>
        <source>Payment failed, but money may be gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund not received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Look the payment up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Confirm with the provider whether money moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Refund, or explain to the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. If still unclear: call the provider with the transaction id</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Keep the contact short (at most %n characters): a phone number or a name is enough.</source>
        <translation>
            <numerusform>Keep the contact short (at most %n characters): a phone number or a name is enough.</numerusform>
            <numerusform>Keep the contact short (at most %n characters): a phone number or a name is enough.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The description can have at most %n characters.</source>
        <translation>
            <numerusform>The description can have at most %n characters.</numerusform>
            <numerusform>The description can have at most %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Say in a few words what the customer reports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no order %1 on this till. Look the payment up first, or log the complaint without an order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint %1 is not open (it was resolved, or it does not exist).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write down what was done (refunded, explained, provider called) before closing the complaint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The outcome can have at most %n characters.</source>
        <translation>
            <numerusform>The outcome can have at most %n characters.</numerusform>
            <numerusform>The outcome can have at most %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::IssuesPanel</name>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of 4 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No complaint selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider&apos;s answer: money moved — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>case %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refund %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction id for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 customer service: %2 — give them the transaction id %3 and our order number %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint %1 logged. Follow the checklist below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is not on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint %1 closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n complaint(s) exported to %1.</source>
        <translation>
            <numerusform>%n complaint exported to %1.</numerusform>
            <numerusform>%n complaints exported to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export complaints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order number (optional; use Find payment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone or name, only if the customer wants a call back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the customer says, in a few words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show resolved complaints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the provider whether money moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done (required to close)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer reports:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::KpiTile</name>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n sale(s))</source>
        <translation>
            <numerusform>%1 (%n sale)</numerusform>
            <numerusform>%1 (%n sales)</numerusform>
        </translation>
    </message>
    <message>
        <source>Provider fees are not known until the statements are reconciled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% vs %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— vs %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross against %1 up to the same hour: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::LockScreen</name>
    <message>
        <source>Till locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The till was locked by %1. Log in as %1 or as another operator to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::LoginDialog</name>
    <message>
        <source>Authenticator code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in to Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6-digit code or a recovery code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new password to continue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::MainWindow</name>
    <message>
        <source>Checkout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cases &amp; refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds, duplicate charges and the customer issue log are not part of this version yet. Use the Orders view to find a payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily reconciliation against the provider&apos;s statement is not part of this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales analytics are not part of this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This area is not available in this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk — cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the till (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ManagerApprovalDialog</name>
    <message>
        <source>A manager must confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticator code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::MonitorPanel</name>
    <message>
        <source>Alerts (bursts, unusual tickets, refund ratios, repeated failed codes, reversals)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>What the till told the cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the customer was told</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Failed payments: none in the last %n day(s)</source>
        <translation>
            <numerusform>Failed payments: none in the last %n day</numerusform>
            <numerusform>Failed payments: none in the last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed payments by reason: %1 in the last %n day(s)</source>
        <translation>
            <numerusform>Failed payments by reason: %1 in the last %n day</numerusform>
            <numerusform>Failed payments by reason: %1 in the last %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::NotificationReceiver</name>
    <message>
        <source>Cannot open a local port for payment notifications.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::OnboardingWizard</name>
    <message>
        <source>Paydesk — first start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::OperatorPasswordDialog</name>
    <message>
        <source>Add an operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the password of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::OperatorService</name>
    <message>
        <source>An operator name is 1 to 40 letters, digits, spaces, dots, dashes or @.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many failed attempts. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many failed attempts. Try again in %n minute.</numerusform>
            <numerusform>Too many failed attempts. Try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::OperatorsPage</name>
    <message>
        <source>Add operator...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset password...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset two-factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up my two-factor...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password of %1 was reset; they must change it at the next login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the two-factor set-up of %1? They must set it up again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-factor of %1 was reset.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::OrdersModel</name>
    <message>
        <source>QR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (refund due)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::OrdersView</name>
    <message>
        <source>All days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search order no., transaction, cashier, amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint receipt as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint receipt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an order to see its timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment code: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid after it was closed: the customer must be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund… (F6)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::OwnerStep</name>
    <message>
        <source>Create the owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner manages operators, settings and the merchant account. Choose a password only you know; a phone app then adds a second factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner %1 is set up, with two-factor authentication.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The owner %1 is created. Now add the second factor: it protects the merchant account and the settings even if the password leaks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::PasswordStrengthMeter</name>
    <message>
        <source>Very weak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::Permission</name>
    <message>
        <source>Take payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund above the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve duplicate-charge cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconcile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage merchant accounts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderChoiceStep</name>
    <message>
        <source>Choose a provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee calculator — monthly volume (¥):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>average ticket (¥):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures as of %1. Source: %2 &quot;?&quot; marks a figure from third-party sources that the provider has not confirmed; fees are charged per payment and rounded to the fen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which provider is your merchant account with?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare what each provider charges and asks for, then pick one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available in this version of Paydesk yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderComparison</name>
    <message>
        <source>Fee per payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money arrives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Typical review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support hotline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>some merchants from %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderConnector</name>
    <message>
        <source>No provider %1 is known to this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing %1 account cannot be connected with this version of Paydesk yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the owner may test the merchant accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till has no %1 account in &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the owner may see the merchant accounts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ProviderSupportDialog</name>
    <message>
        <source>Payment provider support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hotline:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help centre:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant console:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of %1. A number marked unconfirmed in the comparison comes from third-party pages.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ReceiptPrinter</name>
    <message>
        <source>The printer closed the connection before the receipt was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the receipt printer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The receipt printer did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the printer port %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing to the printer port %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ReconciliationView</name>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed: signed off by %1 on %2. Audit log head: entry %3, %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Open: %n exception(s) to resolve before the day is signed off.</source>
        <translation>
            <numerusform>Open: %n exception to resolve before the day is signed off.</numerusform>
            <numerusform>Open: %n exceptions to resolve before the day is signed off.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) matched.</source>
        <translation>
            <numerusform>%n line matched.</numerusform>
            <numerusform>%n lines matched.</numerusform>
        </translation>
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments by hour (CNY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross by provider (CNY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick an open exception.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve a reconciliation exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A manager must confirm this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolving is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off the business day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-off is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is %1 resolved? This is kept with your name and posts an adjusting entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf);;CSV (*.csv);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net (expected settlement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clearing balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::Recovery</name>
    <message>
        <source>Recovery is already running.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::RefundDialog</name>
    <message>
        <source>Refund order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other (say why below)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional note; required for &quot;Other&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount to refund:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticator code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save refund receipt as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded so far: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can still be refunded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This refund needs a manager&apos;s password and authenticator code (refunds above %1%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, and every refund by a cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why the money is refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This refund needs your authenticator code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund needs your authenticator code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the manager&apos;s current authenticator code too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This refund has been made; close the dialog to start another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunding %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded %1 (%2). The money goes back to the customer&apos;s wallet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not refunded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 in progress: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no refund to print yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save refund receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::RefundReasons</name>
    <message>
        <source>The customer asked for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goods returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged the wrong amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::RefundService</name>
    <message>
        <source>The payment provider of order %1 is not connected on this till, so the refund cannot be sent now. Try again when it is.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::Role</name>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::SandboxStep</name>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it with the sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A practice provider runs on this PC. It speaks the real protocol, so everything works as with a real account — only the money is not real.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to pay as a customer in the sandbox: open the QR code&apos;s address in a browser and press Pay, or scan it with a phone on the same network. Payment codes for practice buyers come from the sandbox (see the README). Connect a real account later in Settings → Payment provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up the practice merchant account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox could not be started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ The sandbox is ready. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::SettingsView</name>
    <message>
        <source>Only a manager or the owner can change settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox built into Paydesk — no real money moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standalone sandbox %1 — no real money moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing settings needs your second factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund limit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store name (on receipts):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store code (in order numbers):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the till after idle minutes (0 = never):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds above this need a manager&apos;s code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep customers&apos; personal data for months:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt printer (ESC/POS):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Green Leaf Tea House</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the customer&apos;s order number, payer hash or phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting personal data needs your second factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the customer&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s data was saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A customer asks for their data: enter their order number (or payer hash, or phone number) and export everything Paydesk stores about them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order number, payer hash or phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export customer data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (live account)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum sale amount: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till&apos;s identity (in order numbers):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest amount of one sale:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for a new password after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen at random when this till was first started, so that two tills never make the same order number. It never changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Drawer difference limit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashiers&apos; refunds:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawer counts further off need a manager:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every refund by a cashier needs a manager&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect an existing account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged twice for one sale:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the daily backups for days:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund the later charge at once, without waiting for a manager</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ShiftController</name>
    <message>
        <source>Shift handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s shift is still open on this till. Close it now with a drawer count, then open yours? (No: keep working in %1&apos;s shift.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift opened with %1 in the drawer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay out cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announcements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay out cash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close shift and count the drawer…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ShiftReportDialog</name>
    <message>
        <source>Print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No receipt printer is set up (Settings → Store).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift-report.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ShiftService</name>
    <message>
        <source>This shift is already closed; open a new one to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no shift %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The opening float cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s shift is still open on this till; close it (count the drawer) before a new shift opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payout must be more than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say what the cash was paid out for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The counted cash cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The banknotes and coins add up to %1, not to the counted %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drawer is %1 off what the till expects: say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The difference of %1 is more than the limit of %2: a manager must confirm the count.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::SpeechAnnouncer</name>
    <message>
        <source>No speech engine is installed, so payments are not announced. Install the speech-dispatcher and espeak-ng packages (qt6-speech-speechd-plugin, speech-dispatcher-espeak-ng) to hear them; the till works the same without.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The speech engine could not start (%1), so payments are not announced. The till works the same without.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::StepUpDialog</name>
    <message>
        <source>Confirm with your authenticator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::StoreSettings</name>
    <message>
        <source>My store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create this till&apos;s identity: no random numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store name can have at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store code must be 1 to %1 capital letters or digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The idle lock must be between 0 (never) and %1 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The maximum sale amount must be more than zero and at most %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund limit cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal data can be kept for 0 (always) to %1 months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt printer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The maximum password age must be off, 90 or 180 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cash difference limit cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily backups can be kept for 1 to %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::SyncPanel</name>
    <message>
        <source>Provider statements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a statement file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the statements of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sync is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: already imported (%n line(s)).</source>
        <translation>
            <numerusform>%1, %2: already imported (%n line).</numerusform>
            <numerusform>%1, %2: already imported (%n lines).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: %n line(s) imported.</source>
        <translation>
            <numerusform>%1, %2: %n line imported.</numerusform>
            <numerusform>%1, %2: %n lines imported.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the remaining days were not synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a statement file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider statements (*.zip *.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: this file is already imported (%n line(s)).</source>
        <translation>
            <numerusform>%1, %2: this file is already imported (%n line).</numerusform>
            <numerusform>%1, %2: this file is already imported (%n lines).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: %n line(s) imported from the file.</source>
        <translation>
            <numerusform>%1, %2: %n line imported from the file.</numerusform>
            <numerusform>%1, %2: %n lines imported from the file.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payouts to the bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payout due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, fund statement %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, fund statement %2: already imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, fund statement %2: %n payout(s) booked.</source>
        <translation>
            <numerusform>%1, fund statement %2: %n payout booked.</numerusform>
            <numerusform>%1, fund statement %2: %n payouts booked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: this fund statement is already imported (%n payout(s)).</source>
        <translation>
            <numerusform>%1, %2: this fund statement is already imported (%n payout).</numerusform>
            <numerusform>%1, %2: this fund statement is already imported (%n payouts).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %2: fund statement imported, %n payout(s) booked now.</source>
        <translation>
            <numerusform>%1, %2: fund statement imported, %n payout booked now.</numerusform>
            <numerusform>%1, %2: fund statement imported, %n payouts booked now.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::SyncScheduler</name>
    <message>
        <source>&quot;%1&quot; is not a time of day like 10:30.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::TillController</name>
    <message>
        <source>Alert: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the payment provider…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment provider unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk cannot reach the payment provider, so it cannot take wallet payments right now. Orders and settings still work.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking unfinished payments before taking new ones…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n earlier payment(s) still being checked; see Orders.</source>
        <translation>
            <numerusform>%n earlier payment still being checked; see Orders.</numerusform>
            <numerusform>%n earlier payments still being checked; see Orders.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready. %n unfinished payment(s) resolved.</source>
        <translation>
            <numerusform>Ready. %n unfinished payment resolved.</numerusform>
            <numerusform>Ready. %n unfinished payments resolved.</numerusform>
        </translation>
    </message>
    <message>
        <source>Receipt printer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — SANDBOX, no real money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider comparison data is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A real merchant account is already connected on this till, so the sandbox is not used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Practice %1 merchant account %2, at the sandbox %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A real merchant account is already connected on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfinished refunds: %1 finished, %2 still being checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment provider support…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daily backup failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some provider statements could not be synced: Books → Sync statements…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync statements…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync statements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payout to the bank is late or short: Books → Sync statements…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::TotpEnrollDialog</name>
    <message>
        <source>Set up two-factor authentication</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::TotpEnrollWidget</name>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the code with an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP...), then type the 6-digit code it shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or enter this key by hand: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-factor authentication is on. Write down these recovery codes and keep them somewhere safe: each one works once if the phone is lost. They are not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::WechatPayProvider</name>
    <message>
        <source>The provider&apos;s answer is for another merchant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay needs a notification address (notify_url) for QR orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider sent no QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A WeChat Pay refund needs the order total.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider sent no statement address or checksum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The downloaded statement does not match its checksum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification is not encrypted the way WeChat Pay encrypts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification could not be decrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification is for another merchant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notification lacks required fields.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::WechatPayTransport</name>
    <message>
        <source>No answer within %1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider answered HTTP %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay is not configured (address, merchant or app id missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay is not configured for payment codes (APIv2 key missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer failed its signature check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s answer is for another merchant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement address is not on the provider&apos;s own host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement download failed: HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::WelcomeStep</name>
    <message>
        <source>Welcome to Paydesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk takes wallet payments at your counter. How would you like to start?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a new merchant account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a store without a payment account yet. Paydesk compares the providers, guides you through the application with checks before anything is sent, and follows the review until the till is live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect an account I already have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a store that already has a merchant account: enter its app id and keys. Paydesk proves them with a harmless signed query before saving them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it with the sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A practice merchant account on this PC: take payments in a minute, no real money. You can connect a real account later in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::alipay</name>
    <message>
        <source>Alipay does not know this APPID. Copy the APPID of your app from the open-platform console (16 digits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay accepted the keys, but this app may not take face-to-face payments (当面付) yet. Add and sign the product for the app in the console, then try again. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::onboarding::DepositClient</name>
    <message>
        <source>The provider verifies the account on its own page after approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test deposit could not be sent (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong amounts: ask for a new test deposit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount could not be checked (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::sandbox::SandboxServer</name>
    <message>
        <source>The sandbox cannot listen on 127.0.0.1:%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::BankPage</name>
    <message>
        <source>Bank account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the provider pays your takings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corporate account (对公账户)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal account of the legal representative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Industrial and Commercial Bank of China</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>China Construction Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agricultural Bank of China</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank of China</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>China Merchants Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank of Communications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a test deposit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount received, e.g. 0.37</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider verifies the account on its own page after approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A small amount under ¥1.00 is on its way to this account. Type what arrives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>That is not the amount sent. %n tries left.</source>
        <translation>
            <numerusform>That is not the amount sent. %n try left.</numerusform>
            <numerusform>That is not the amount sent. %n tries left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::BusinessPage</name>
    <message>
        <source>Your business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly as on the business licence: the provider compares every character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What buyers see on their receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 characters, e.g. 91512081MA62K0260E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unified Social Credit Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small-scale taxpayer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General taxpayer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxpayer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer service phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact e-mail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::DocumentSlot</name>
    <message>
        <source>Drop a photo here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.bmp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::DocumentsPage</name>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photograph each document flat, in daylight, filling the frame. Unclear photos are the most common reason for a rejection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::FeaturesPage</name>
    <message>
        <source>Payment features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How your customers will pay. You can change this later in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counter QR code (the customer scans the till&apos;s screen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment codes (the till scans the customer&apos;s phone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment links (for customers who are not in the store)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ways to be paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electronic invoices (e-fapiao)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paper invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No invoices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::LegalRepPage</name>
    <message>
        <source>Legal representative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The person named on the business licence, as on their ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resident ID card (居民身份证)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Long-term (长期)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::ReviewPage</name>
    <message>
        <source>Check and send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is what the provider will receive. Fix anything with Edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>long-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counter QR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ways to be paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::SignupPage</name>
    <message>
        <source>The provider&apos;s review says: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::ui::onboarding::StatusPage</name>
    <message>
        <source>Application status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paydesk asks the provider every few seconds. You may close Paydesk: it picks up here next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix and send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The till is live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s reasons:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The legal representative scans this code with their phone and confirms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merchant account %1 is set up on this till; its private key never left this PC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up the till&apos;s keys…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
