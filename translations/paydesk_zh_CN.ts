<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AlipayBillParser</name>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="119"/>
        <source>The Alipay statement could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="127"/>
        <source>The Alipay statement is not a valid zip file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="143"/>
        <source>The Alipay statement is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="147"/>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="153"/>
        <source>The Alipay statement zip is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="158"/>
        <source>The Alipay statement zip contains no CSV file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="217"/>
        <source>The Alipay statement has no transaction list (header row not found).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="238"/>
        <source>Line %1 of the Alipay statement comes before its header row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="250"/>
        <source>The Alipay statement has no column &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="267"/>
        <source>Line %1 of the Alipay statement is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="272"/>
        <source>it has %1 cells, the header has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="282"/>
        <source>unknown business type &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="286"/>
        <source>the Alipay transaction number is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="291"/>
        <source>a refund without a refund request number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="305"/>
        <source>bad creation time &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="307"/>
        <source>bad completion time &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="318"/>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="320"/>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="322"/>
        <source>bad amount &quot;%1&quot; in column %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/alipay/alipaybillparser.cpp" line="340"/>
        <source>The Alipay statement has no header row.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <location filename="../app/appcontext.cpp" line="37"/>
        <source>Cannot create the data folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <location filename="../app/commands.cpp" line="85"/>
        <source>Print one JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commands.cpp" line="100"/>
        <source>paydesk: unknown command &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <location filename="../core/storage/database.cpp" line="23"/>
        <source>The database refused an operation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/storage/database.cpp" line="66"/>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/storage/database.cpp" line="76"/>
        <source>Cannot open the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/storage/database.cpp" line="171"/>
        <source>The migration %1 has no version number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/storage/database.cpp" line="177"/>
        <source>Cannot read the migration %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/storage/database.cpp" line="186"/>
        <source>Upgrading the database failed at step %1 (%2); nothing was changed. %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FaultPlan</name>
    <message>
        <location filename="../sandbox/faultplan.cpp" line="48"/>
        <source>Fault &quot;%1&quot; needs the form name:value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sandbox/faultplan.cpp" line="56"/>
        <source>latency_ms must be a whole number of milliseconds between 0 and 600000, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sandbox/faultplan.cpp" line="72"/>
        <source>The probability of %1 must be between 0 and 1, not &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sandbox/faultplan.cpp" line="82"/>
        <source>Unknown fault &quot;%1&quot;. Known: latency_ms, timeout, drop_response, http_5xx, userpaying, dup_notify, late_success.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message>
        <location filename="../core/ledger/ledger.cpp" line="19"/>
        <source>A journal entry needs at least two postings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/ledger/ledger.cpp" line="23"/>
        <source>A posting cannot be zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/ledger/ledger.cpp" line="25"/>
        <source>The entry&apos;s amounts are too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/ledger/ledger.cpp" line="29"/>
        <source>The entry does not balance: debits and credits differ by %1 minor units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/ledger/ledger.cpp" line="48"/>
        <source>The posting to account &quot;%1&quot; was refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <location filename="../core/money/money.cpp" line="79"/>
        <location filename="../core/money/money.cpp" line="98"/>
        <source>Enter an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../core/money/money.cpp" line="119"/>
        <source>Too many decimal places: at most %n allowed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="123"/>
        <location filename="../core/money/money.cpp" line="154"/>
        <location filename="../core/money/money.cpp" line="188"/>
        <location filename="../core/money/money.cpp" line="204"/>
        <location filename="../core/money/money.cpp" line="256"/>
        <location filename="../core/money/money.cpp" line="266"/>
        <location filename="../core/money/money.cpp" line="274"/>
        <location filename="../core/money/money.cpp" line="326"/>
        <source>The amount is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="132"/>
        <source>This currency has no decimal places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="143"/>
        <source>&quot;%1&quot; is not an amount. Use digits and at most one decimal mark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="148"/>
        <source>&quot;%1&quot; is not an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="158"/>
        <source>The amount cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="185"/>
        <location filename="../core/money/money.cpp" line="194"/>
        <location filename="../core/money/money.cpp" line="199"/>
        <source>Malformed amount &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="246"/>
        <source>Cannot combine %1 with %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="281"/>
        <source>Nothing to split the amount into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="286"/>
        <source>Split weights cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/money/money.cpp" line="290"/>
        <source>Split weights add up to zero.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderAdvice</name>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="19"/>
        <source>The payment went through. Nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="20"/>
        <source>Thank you, your payment was received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="23"/>
        <source>The customer&apos;s balance is too low. Nothing was charged. Ask for another card or wallet, then take the payment again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="26"/>
        <source>Your balance is not enough. Please choose another card or payment method in your wallet, or top up, and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="31"/>
        <source>The customer entered a wrong payment password. Nothing was charged. Let them try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="34"/>
        <source>The payment password was not accepted. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="38"/>
        <source>The payment code was expired, already used or not readable. Nothing was charged. Ask the customer to refresh the code and scan it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="42"/>
        <source>Your payment code has expired. Please refresh the code in your wallet and show it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="47"/>
        <source>This wallet or account cannot pay this store. Nothing was charged. Ask for another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="50"/>
        <source>This wallet cannot be used here. Please use another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="55"/>
        <source>A payment limit was reached (the customer&apos;s daily limit or the store&apos;s). Nothing was charged. Ask for another payment method or a smaller amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="59"/>
        <source>This payment is over a limit of your account. Please use another card or payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="64"/>
        <source>No answer from the payment provider. The payment may or may not have gone through. Paydesk keeps checking — do NOT charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="67"/>
        <location filename="../core/providers/provideradvice.cpp" line="75"/>
        <source>We are confirming your payment. Please wait a moment and do not pay again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="72"/>
        <source>The payment provider is busy and did not give a final answer. Paydesk keeps checking — do NOT charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="80"/>
        <source>The provider has no record of this payment: it was not paid. You can start a new payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="83"/>
        <source>This payment was not completed. Nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="87"/>
        <source>This order is already paid. Do NOT charge again; check the order list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="90"/>
        <source>This order has already been paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="93"/>
        <source>This payment was closed and can no longer be paid. Start a new payment if the customer still wants to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="96"/>
        <source>This payment request has expired. The cashier will start a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="101"/>
        <source>A message between Paydesk and the provider failed its security check. Do NOT charge again. Ask the manager to check the provider keys in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="105"/>
        <source>There is a technical problem. Please wait a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="109"/>
        <source>The provider rejected the request as invalid. Nothing was charged. Ask the manager to check the provider settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="112"/>
        <source>There is a technical problem. Please use another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="117"/>
        <source>The provider refused this store&apos;s account for this action. Nothing was charged. Ask the manager to check the merchant account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="121"/>
        <source>This payment method is not available right now. Please use another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="128"/>
        <source>The provider declined the payment. Nothing was charged. Ask for another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/providers/provideradvice.cpp" line="131"/>
        <source>The payment did not go through. Please try another payment method.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretVault</name>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="53"/>
        <source>The data key must be exactly %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="66"/>
        <source>The key file %1 is not a regular file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="74"/>
        <source>The key file %1 can be read by other users. Restrict it to its owner (chmod 600) and check that nobody copied it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="82"/>
        <source>The key file %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="87"/>
        <source>The key file %1 is damaged (wrong size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="97"/>
        <source>The folder %1 for the key file cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="104"/>
        <source>No secure random data key could be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="111"/>
        <source>The key file %1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="129"/>
        <source>The key file %1 could not be restricted to its owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="147"/>
        <source>No secure random nonce could be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="160"/>
        <source>The stored secret is not in a known encrypted format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="165"/>
        <source>The stored secret is damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/secretvault.cpp" line="172"/>
        <source>The stored secret cannot be decrypted: it was altered, belongs to another field, or the key file is not the one it was saved with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Transaction</name>
    <message>
        <location filename="../core/storage/transaction.cpp" line="14"/>
        <source>The database is busy; try again in a moment. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/storage/transaction.cpp" line="30"/>
        <source>No transaction is open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="43"/>
        <source>Option %1 needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="67"/>
        <source>Unknown option %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="78"/>
        <source>Usage: paydesk [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] [COMMAND ...]

Without a command, Paydesk opens its window. Commands:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="84"/>
        <source>
Run &apos;paydesk COMMAND --help&apos; for a command&apos;s options.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="125"/>
        <source>Paydesk cannot start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="166"/>
        <source>Checkout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="168"/>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="170"/>
        <source>Cases &amp; refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="172"/>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="174"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="176"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>Refunds, duplicate charges and the customer issue log are not part of this version yet. Use the Orders view to find a payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="188"/>
        <source>Daily reconciliation against the provider&apos;s statement is not part of this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="191"/>
        <source>Sales analytics are not part of this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="193"/>
        <source>This area is not available in this version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="218"/>
        <source>Paydesk — cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="228"/>
        <source>Lock till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="229"/>
        <source>Lock the till (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="230"/>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::Permission</name>
    <message>
        <location filename="../core/security/permissions.cpp" line="125"/>
        <source>Take payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="127"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="129"/>
        <source>Refund above the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="131"/>
        <source>Resolve duplicate-charge cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="133"/>
        <source>Manage operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="135"/>
        <source>Change settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="137"/>
        <source>Export personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="139"/>
        <source>Sign off the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="141"/>
        <source>View the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="143"/>
        <source>View reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="145"/>
        <source>Reconcile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::Role</name>
    <message>
        <location filename="../core/security/permissions.cpp" line="83"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="85"/>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/security/permissions.cpp" line="87"/>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::crypto</name>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="377"/>
        <source>Signing needs a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="384"/>
        <location filename="../core/crypto/crypto.cpp" line="388"/>
        <location filename="../core/crypto/crypto.cpp" line="393"/>
        <source>The data could not be signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="430"/>
        <source>An AES-256 key must be exactly 32 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="433"/>
        <source>An AES-GCM nonce must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="444"/>
        <source>The data could not be encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="475"/>
        <source>The encrypted data could not be decrypted: it was altered, or the key is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="517"/>
        <source>The scrypt parameters are invalid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="518"/>
        <source>The password could not be processed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="575"/>
        <source>The text is not valid Base32.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>paydesk::crypto::RsaKey</name>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="292"/>
        <source>The key is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="298"/>
        <source>The key is protected by a passphrase. Export it without one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="310"/>
        <source>The key is neither PEM nor Base64. Paste the whole key text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="320"/>
        <source>The text is not a readable RSA key (PKCS#8, PKCS#1 or X.509 public key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="324"/>
        <source>The key is not an RSA key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="340"/>
        <source>An RSA key must have between 2048 and 16384 bits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/crypto/crypto.cpp" line="344"/>
        <source>The RSA key could not be generated.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
