#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk::sandbox {

/// One part of a multipart/form-data body.
struct FormPart
{
    QString name;
    QString fileName; ///< empty for a text field
    QByteArray contentType;
    QByteArray body;
};

/// Parses \a body by the boundary named in \a contentType; nullopt when it is not
/// multipart/form-data or the body is malformed.
std::optional<QList<FormPart>> parseMultipart(const QByteArray &contentType,
                                              const QByteArray &body);

} // namespace paydesk::sandbox
