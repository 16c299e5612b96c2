// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QUrl>
#include <QWidget>

class QScrollBar;
class QTextDocument;

namespace ui {

/// A read-only rich text body of a fixed width, as light as a label: it owns a QTextDocument, lays it out once
/// at its width and paints it. Links are reported with anchorClicked(), never followed; a click elsewhere is left
/// to the parent. When the text is taller than the height it may take, a scroll bar appears (and the mouse wheel
/// scrolls). Takes no keyboard focus.
class RichTextView : public QWidget
{
    Q_OBJECT

public:
    explicit RichTextView(int width, int maxHeight, QWidget* parent = nullptr);

    /// The document the text is laid out in: resources (images) are added here before setHtml().
    QTextDocument* document() const { return m_document; }

    /// Replaces the text, lays it out at the view's width and takes the height it needs (up to maxHeight).
    void setHtml(const QString& html);
    QString toPlainText() const;
    QString toHtml() const;

    /// The link under `pos` (view coordinates), or an empty string.
    QString anchorAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

signals:
    void anchorClicked(const QUrl& url);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    int textWidth() const;
    int offset() const;

    QTextDocument* m_document = nullptr;
    QScrollBar* m_scrollBar = nullptr; ///< created when a text first needs it
    int m_maxHeight = 0;
    int m_height = 0;
    QString m_pressedAnchor;
};

} // namespace ui
