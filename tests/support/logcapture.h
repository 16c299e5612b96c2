// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

/// Records every log line while alive; the handler that was installed before (QTest's) still sees them, so
/// QTest::failOnWarning and ignoreMessage keep working. One at a time, on the test's thread. Header-only.
class LogCapture final
{
public:
    LogCapture()
    {
        s_current = this;
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    Q_DISABLE_COPY_MOVE(LogCapture)

    /// The lines containing `text`.
    QStringList matching(const QString& text) const { return lines.filter(text); }

    QStringList lines;

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        LogCapture* capture = s_current;
        if (!capture)
            return;
        capture->lines.append(message);
        if (capture->m_previous)
            capture->m_previous(type, context, message);
    }

    inline static LogCapture* s_current = nullptr;
    QtMessageHandler m_previous = nullptr;
};
