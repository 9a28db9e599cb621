#include "ui/onboarding/signup/documentslot.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk::ui::onboarding {

namespace {
constexpr int kThumbWidth = 180;
constexpr int kThumbHeight = 120;
} // namespace

DocumentSlot::DocumentSlot(const QString &field, const QString &title, QWidget *parent)
    : QFrame(parent), m_field(field)
{
    setObjectName(QStringLiteral("slot_") + field);
    setFrameShape(QFrame::StyledPanel);
    setAcceptDrops(true);
    auto *column = new QVBoxLayout(this);
    auto *heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this);
    m_thumb = new QLabel(tr("Drop a photo here"), this);
    m_thumb->setObjectName(QStringLiteral("thumb_") + field);
    m_thumb->setAlignment(Qt::AlignCenter);
    m_thumb->setFixedSize(kThumbWidth, kThumbHeight);
    m_thumb->setStyleSheet(QStringLiteral("border: 1px dashed #999; color: #666;"));
    m_name = new QLabel(this);
    m_choose = new QPushButton(tr("Choose photo…"), this);
    m_choose->setObjectName(QStringLiteral("choose_") + field);
    column->addWidget(heading);
    column->addWidget(m_thumb, 0, Qt::AlignHCenter);
    column->addWidget(m_name);
    column->addWidget(m_choose);
    connect(m_choose, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a photo"), QString(),
                                                          tr("Photos (*.jpg *.jpeg *.png *.bmp)"));
        if (!path.isEmpty())
            loadFile(path);
    });
}

bool DocumentSlot::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        emit unreadable(m_field, tr("%1 cannot be read: %2").arg(path, file.errorString()));
        return false;
    }
    emit fileChosen(m_field, QFileInfo(path).fileName(), file.readAll());
    return true;
}

void DocumentSlot::showPhoto(const QByteArray &bytes, const QString &fileName)
{
    QPixmap pixmap;
    if (bytes.isEmpty() || !pixmap.loadFromData(bytes)) {
        m_thumb->setPixmap({});
        m_thumb->setText(tr("Drop a photo here"));
        m_name->clear();
        return;
    }
    m_thumb->setPixmap(
        pixmap.scaled(kThumbWidth, kThumbHeight, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    m_name->setText(fileName);
}

void DocumentSlot::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void DocumentSlot::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile() && loadFile(urls.first().toLocalFile()))
        event->acceptProposedAction();
}

} // namespace paydesk::ui::onboarding
