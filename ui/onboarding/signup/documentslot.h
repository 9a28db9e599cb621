#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace paydesk::ui::onboarding {

/// One document photo: pick it with a button or drop a file on it; shows a thumbnail.
/// Emits fileChosen with the bytes read; the page checks and keeps them.
class DocumentSlot : public QFrame
{
    Q_OBJECT
public:
    DocumentSlot(const QString &field, const QString &title, QWidget *parent = nullptr);

    QString field() const { return m_field; }
    /// Reads \a path and emits fileChosen; false (and a message) when it cannot be read.
    bool loadFile(const QString &path);
    void showPhoto(const QByteArray &bytes, const QString &fileName);

signals:
    void fileChosen(const QString &field, const QString &fileName, const QByteArray &bytes);
    void unreadable(const QString &field, const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QString m_field;
    QLabel *m_thumb;
    QLabel *m_name;
    QPushButton *m_choose;
};

} // namespace paydesk::ui::onboarding
