from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.my_space, name="my_space"),
    path("profil/", views.profile_edit, name="profile"),
    path("commune/", views.commune_space, name="commune"),
    path("besoins/<int:need_id>/aider/", views.offer_create, name="offer_create"),
    path("besoins/<int:need_id>/inviter/", views.invite_experts, name="invite"),
    path("experts/<int:expert_id>/inviter/", views.invite_expert, name="invite_expert"),
    path("offres/<int:pk>/", views.offer_detail, name="offer"),
    path("offres/<int:pk>/statut/", views.offer_status, name="offer_status"),
    path("offres/<int:pk>/versement-recu/", views.pledge_received, name="pledge_received"),
    path("offres/<int:pk>/mentor/", views.offer_mentor, name="offer_mentor"),
    path("besoins/<int:need_id>/maturation/", views.maturation, name="maturation"),
    path("besoins/<int:need_id>/maturation/etape-suivante/", views.maturation_advance, name="maturation_advance"),
    path("suivre/", views.follow, name="follow"),
    path("suivis/<int:pk>/retirer/", views.unfollow, name="unfollow"),
    path("suivis/themes/", views.follow_themes, name="follow_themes"),
    path("mes-donnees/", views.export, name="export"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
