#pragma once

#include <QDialog>

namespace paydesk {

class ProviderCatalog;
class ProviderRegistry;

/// Help → Provider support: each provider's hotline, hours and support and console links, from
/// the same catalog as the first-run comparison, so they stay at hand after the first run.
class ProviderSupportDialog : public QDialog
{
    Q_OBJECT
public:
    ProviderSupportDialog(const ProviderCatalog &catalog, const ProviderRegistry &registry,
                          QWidget *parent = nullptr);
};

} // namespace paydesk
