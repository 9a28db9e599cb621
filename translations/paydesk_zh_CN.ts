<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AlipayBillParser</name>
    <message>
        <source>The Alipay statement could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement is not a valid zip file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement is too large.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement zip is damaged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement zip contains no CSV file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement has no transaction list (header row not found).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Line %1 of the Alipay statement comes before its header row.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement has no column "%1".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Line %1 of the Alipay statement is invalid: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>it has %1 cells, the header has %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown business type "%1"</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the Alipay transaction number is empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>a refund without a refund request number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>bad creation time "%1"</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>bad completion time "%1"</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>bad amount "%1" in column %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Alipay statement has no header row.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Cannot create the data folder %1.</source>
        <translation>无法创建数据文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Entry %1 follows entry %2: entries are missing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Entry %1 does not link to the entry before it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Entry %1 has altered details.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Entry %1 was altered after it was written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sealed head of the audit log is damaged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Entries %1 to %2 were removed from the end of the log.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>BillWriter</name>
    <message>
        <source>This system cannot encode GBK text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot build the bill zip.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Print one JSON object.</source>
        <translation>输出一个 JSON 对象。</translation>
    </message>
    <message>
        <source>paydesk: unknown command "%1"</source>
        <translation>paydesk：未知命令“%1”</translation>
    </message>
</context>
<context>
    <name>Crypto</name>
    <message>
        <source>The key is empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key is protected by a passphrase. Export it without one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key is neither PEM nor Base64. Paste the whole key text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The text is not a readable RSA key (PKCS#8, PKCS#1 or X.509 public key).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key is not an RSA key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An RSA key must have between 2048 and 16384 bits.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The RSA key could not be generated.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Signing needs a private key.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The data could not be signed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An AES-256 key must be exactly 32 bytes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An AES-GCM nonce must not be empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The data could not be encrypted.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The encrypted data could not be decrypted: it was altered, or the key is wrong.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The scrypt parameters are invalid.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The password could not be processed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The text is not valid Base32.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The database refused an operation: %1</source>
        <translation>数据库拒绝了操作：%1</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
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
</context>
<context>
    <name>FaultPlan</name>
    <message>
        <source>Fault "%1" needs the form name:value.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>latency_ms must be a whole number of milliseconds between 0 and 600000, not "%1".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The probability of %1 must be between 0 and 1, not "%2".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unknown fault "%1". Known: latency_ms, timeout, drop_response, http_5xx, userpaying, dup_notify, late_success.</source>
        <translation type="unfinished" />
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
        <source>The entry's amounts are too large.</source>
        <translation>凭证金额过大。</translation>
    </message>
    <message>
        <source>The entry does not balance: debits and credits differ by %1 minor units.</source>
        <translation>凭证借贷不平：借贷相差 %1 分。</translation>
    </message>
    <message>
        <source>The posting to account "%1" was refused: %2</source>
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
            <numerusform>小数位数过多：最多允许 %n 位。</numerusform></translation>
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
        <source>"%1" is not an amount. Use digits and at most one decimal mark.</source>
        <translation>“%1”不是有效金额。请只输入数字和最多一个小数点。</translation>
    </message>
    <message>
        <source>"%1" is not an amount.</source>
        <translation>“%1”不是有效金额。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>Malformed amount "%1".</source>
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
        <source>"%1" is not an amount: digit grouping is wrong.</source>
        <translation>“%1”不是有效金额：千位分隔符位置不对。</translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message>
        <source>The system random generator failed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The store already has an owner.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is already an operator called %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is no operator called %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You cannot disable yourself.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The store must keep at least one owner.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nobody is logged in.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The operator no longer exists.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a password different from the current one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This operator is disabled. Ask the owner.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the code from your authenticator app.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Two-factor authentication is not set up for this operator.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This code was already used. Wait for the next one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The code is wrong or has expired.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start the two-factor setup again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The code does not match. Check the phone's time and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter a code from your authenticator app to confirm.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Order</name>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking with the provider</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partially refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>OrderRepository</name>
    <message>
        <source>The order number "%1" is not valid.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The new order could not be read back.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is no order %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Order %1 cannot go from %2 to %3.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sale %1 (%2)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PasswordPolicy</name>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message>
        <source>This is one of the most common passwords; pick something less guessable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Do not use the store's name in the password.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Do not use your own name in the password.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A run of the same or consecutive characters is easy to guess.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mix upper and lower case letters, digits and symbols, or use a longer phrase.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A longer passphrase of several unrelated words is stronger.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Avoid repeating the same characters.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Too easy to guess: make it longer or more varied.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PaymentCodeRouter</name>
    <message>
        <source>No payment code was scanned.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This is not a payment code: it must be digits only. Ask the customer to open the payment code in Alipay or WeChat and scan it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>UnionPay payment codes are not supported yet. Ask the customer to pay with Alipay or WeChat Pay, or take cash.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>This payment code is not recognised (%n digits). Ask the customer to show the Alipay or WeChat payment code again.</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
</context>
<context>
    <name>PinnedKeyVerifier</name>
    <message>
        <source>The server's key does not match the pinned key. The connection was refused.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ProviderAdvice</name>
    <message>
        <source>The payment went through. Nothing to do.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Thank you, your payment was received.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The customer's balance is too low. Nothing was charged. Ask for another card or wallet, then take the payment again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your balance is not enough. Please choose another card or payment method in your wallet, or top up, and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The customer entered a wrong payment password. Nothing was charged. Let them try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The payment password was not accepted. Please try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The payment code was expired, already used or not readable. Nothing was charged. Ask the customer to refresh the code and scan it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your payment code has expired. Please refresh the code in your wallet and show it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This wallet or account cannot pay this store. Nothing was charged. Ask for another payment method.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This wallet cannot be used here. Please use another payment method.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A payment limit was reached (the customer's daily limit or the store's). Nothing was charged. Ask for another payment method or a smaller amount.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This payment is over a limit of your account. Please use another card or payment method.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No answer from the payment provider. The payment may or may not have gone through. Paydesk keeps checking — do NOT charge again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>We are confirming your payment. Please wait a moment and do not pay again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The payment provider is busy and did not give a final answer. Paydesk keeps checking — do NOT charge again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider has no record of this payment: it was not paid. You can start a new payment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This payment was not completed. Nothing was charged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This order is already paid. Do NOT charge again; check the order list.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This order has already been paid.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This payment was closed and can no longer be paid. Start a new payment if the customer still wants to pay.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This payment request has expired. The cashier will start a new one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A message between Paydesk and the provider failed its security check. Do NOT charge again. Ask the manager to check the provider keys in Settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is a technical problem. Please wait a moment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider rejected the request as invalid. Nothing was charged. Ask the manager to check the provider settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is a technical problem. Please use another payment method.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider refused this store's account for this action. Nothing was charged. Ask the manager to check the merchant account.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This payment method is not available right now. Please use another one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider declined the payment. Nothing was charged. Ask for another payment method.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The payment did not go through. Please try another payment method.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReplayGuard</name>
    <message>
        <source>The message has no id.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This message was already received.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The message has no valid timestamp.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The message is too old or from the future (%1 s off).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SecretVault</name>
    <message>
        <source>The data key must be exactly %1 bytes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key file %1 is not a regular file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key file %1 can be read by other users. Restrict it to its owner (chmod 600) and check that nobody copied it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key file %1 cannot be read: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key file %1 is damaged (wrong size).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The folder %1 for the key file cannot be created.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No secure random data key could be made.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key file %1 cannot be written: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The key file %1 could not be restricted to its owner.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No secure random nonce could be made.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The stored secret is not in a known encrypted format.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The stored secret is damaged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The stored secret cannot be decrypted: it was altered, belongs to another field, or the key file is not the one it was saved with.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Nobody is logged in.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A %1 may not do this: %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Set up two-factor authentication for %1 before doing this.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter a code from your authenticator app to confirm.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TradeStore</name>
    <message>
        <source>Cannot create the sandbox state folder %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sandbox state file %1 is damaged or from another version.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The trade is already paid.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The buyer's balance is not enough.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The refund exceeds what remains of the trade.</source>
        <translation type="unfinished" />
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
        <source>Usage: paydesk [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] [COMMAND ...]

Without a command, Paydesk opens its window. Commands:
</source>
        <translation>用法：paydesk [--data-dir 目录] [--lang zh_CN|en] [--sandbox-url 网址] [命令 ...]

不带命令时打开收银窗口。可用命令：
</translation>
    </message>
    <message>
        <source>
Run 'paydesk COMMAND --help' for a command's options.
</source>
        <translation>
运行 “paydesk 命令 --help” 查看该命令的选项。
</translation>
    </message>
    <message>
        <source>Paydesk cannot start</source>
        <translation>Paydesk 无法启动</translation>
    </message>
</context>
<context>
    <name>paydesk</name>
    <message>
        <source>A private app key is needed to register with the sandbox.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sandbox did not answer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not register with the sandbox: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sandbox sent an incomplete answer.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::AlipayProvider</name>
    <message>
        <source>No answer within %1 ms.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider answered HTTP %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider sent an empty answer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider's answer could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider's answer failed its signature check.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The statement download timed out.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The statement download failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider sent no QR code.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The provider sent no statement address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notification is not signed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notification failed its signature check.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notification is for another Alipay app.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notification is for another merchant.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The notification lacks required fields.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::Headless</name>
    <message>
        <source>This command needs --operator NAME.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Set PAYDESK_PASSWORD to the operator's password.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This operator uses two-factor authentication: set PAYDESK_TOTP to the current code.</source>
        <translation type="unfinished" />
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
        <source>Daily reconciliation against the provider's statement is not part of this version yet.</source>
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
</context>
<context>
    <name>paydesk::OperatorService</name>
    <message>
        <source>An operator name is 1 to 40 letters, digits, spaces, dots, dashes or @.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Too many failed attempts. Try again in %n minute(s).</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
</context>
<context>
    <name>paydesk::Permission</name>
    <message>
        <source>Take payments</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refund above the limit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resolve duplicate-charge cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manage operators</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export personal data</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sign off the day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>View the audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>View reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reconcile</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>paydesk::Role</name>
    <message>
        <source>Owner</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>