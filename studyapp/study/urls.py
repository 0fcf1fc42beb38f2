from django.urls import path

from studyapp.study import views, views_cards, views_export, views_stats

app_name = "study"
urlpatterns = [
    path("", views.session_page, name="session"),
    path("topic/<slug:topic_id>/", views.session_page, name="topic"),
    path("card/<str:card_id>/", views.card_page, name="card"),
    path("rate/", views.rate, name="rate"),
    path("answer/", views.answer, name="answer"),
    path("answered/<int:review_id>/", views.answered, name="answered"),
    path("undo/", views.undo, name="undo"),
    path("suspend/", views.suspend, name="suspend"),
    path("leeches/", views_cards.leech_drill, name="leeches"),
    path("leeches/answer/", views_cards.leech_answer, name="leech_answer"),
    path("cards/", views_cards.browser, name="cards"),
    path("cards/<str:card_id>/", views_cards.card_detail, name="card_detail"),
    path("cards/<str:card_id>/<slug:action>/", views_cards.card_action, name="card_action"),
    path("stats/", views_stats.stats, name="stats"),
    path("stats/reviews.csv", views_stats.reviews_csv, name="reviews_csv"),
    path("export.apkg", views_export.anki_export, name="export"),
]
