from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("evenements/<int:pk>/inscription/", views.event_register, name="event_register"),
    path("evenements/<int:pk>/annulation/", views.event_cancel, name="event_cancel"),
    path("reseaux/<int:network_id>/publier/", views.post_create, name="post_create"),
    path("reseaux/<int:network_id>/suivre/", views.network_follow, name="network_follow"),
    path("reseaux/messages/<int:post_id>/repondre/", views.reply_create, name="reply_create"),
    path("reseaux/messages/<int:post_id>/resolu/<int:reply_id>/", views.mark_solution, name="mark_solution"),
    path("reseaux/messages/<int:post_id>/signaler/", views.report, name="report"),
    path("reseaux/messages/<int:post_id>/moderer/", views.moderate, name="moderate"),
]
