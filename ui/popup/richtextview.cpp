// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/popup/richtextview.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QTextDocument>

#include <cmath>

namespace ui {

RichTextView::RichTextView(int width, int maxHeight, QWidget* parent)
    : QWidget(parent)
    , m_document(new QTextDocument(this))
    , m_maxHeight(maxHeight)
{
    setFixedWidth(width);
    setFocusPolicy(Qt::NoFocus);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

int RichTextView::textWidth() const
{
    const bool scrolling = m_scrollBar && m_scrollBar->isVisibleTo(this);
    return width() - (scrolling ? m_scrollBar->sizeHint().width() : 0);
}

int RichTextView::offset() const
{
    return m_scrollBar && m_scrollBar->isVisibleTo(this) ? m_scrollBar->value() : 0;
}

void RichTextView::setHtml(const QString& html)
{
    // The page width is set before the text goes in, so the text is laid out once, when its size is asked for
    // (a document has no layout until then); only a text taller than the view is laid out again, narrower.
    m_document->setTextWidth(width());
    m_document->setHtml(html);
    int height = int(std::ceil(m_document->size().height()));
    const bool scrolling = height > m_maxHeight;
    if (scrolling && !m_scrollBar) {
        m_scrollBar = new QScrollBar(Qt::Vertical, this);
        connect(m_scrollBar, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    }
    if (m_scrollBar) {
        m_scrollBar->setVisible(scrolling);
        if (scrolling) {
            const int barWidth = m_scrollBar->sizeHint().width();
            m_document->setTextWidth(width() - barWidth);
            height = int(std::ceil(m_document->size().height()));
            m_scrollBar->setGeometry(width() - barWidth, 0, barWidth, m_maxHeight);
            m_scrollBar->setRange(0, height - m_maxHeight);
            m_scrollBar->setPageStep(m_maxHeight);
            m_scrollBar->setSingleStep(qMax(1, fontMetrics().lineSpacing()));
            m_scrollBar->setValue(0);
        }
    }
    setAccessibleName(m_document->toPlainText()); // what a screen reader says for the body
    m_height = qMin(height, m_maxHeight);
    setFixedHeight(m_height);
    updateGeometry();
    update();
}

QString RichTextView::toPlainText() const
{
    return m_document->toPlainText();
}

QString RichTextView::toHtml() const
{
    return m_document->toHtml();
}

QString RichTextView::anchorAt(const QPoint& pos) const
{
    if (pos.x() >= textWidth())
        return {};
    return m_document->documentLayout()->anchorAt(QPointF(pos) + QPointF(0, offset()));
}

QSize RichTextView::sizeHint() const
{
    return {width(), m_height};
}

void RichTextView::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    const QRect visible = event->rect().intersected(QRect(0, 0, textWidth(), height()));
    painter.setClipRect(visible);
    painter.translate(0, -offset());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = palette();
    context.palette.setColor(QPalette::Text, palette().color(QPalette::WindowText));
    context.clip = QRectF(visible.translated(0, offset()));
    m_document->documentLayout()->draw(&painter, context);
}

void RichTextView::mousePressEvent(QMouseEvent* event)
{
    m_pressedAnchor = event->button() == Qt::LeftButton ? anchorAt(event->position().toPoint()) : QString();
    if (m_pressedAnchor.isEmpty())
        event->ignore();
}

void RichTextView::mouseReleaseEvent(QMouseEvent* event)
{
    const QString anchor = event->button() == Qt::LeftButton ? anchorAt(event->position().toPoint()) : QString();
    const bool clicked = !anchor.isEmpty() && anchor == m_pressedAnchor;
    m_pressedAnchor.clear();
    if (!clicked) {
        event->ignore(); // a click on the text, not on a link: the parent opens the message
        return;
    }
    emit anchorClicked(QUrl(anchor));
}

void RichTextView::wheelEvent(QWheelEvent* event)
{
    if (m_scrollBar && m_scrollBar->isVisibleTo(this)) {
        QCoreApplication::sendEvent(m_scrollBar, event);
        return;
    }
    event->ignore();
}

void RichTextView::leaveEvent(QEvent* event)
{
    m_pressedAnchor.clear();
    QWidget::leaveEvent(event);
}

} // namespace ui
