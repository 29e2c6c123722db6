from django.urls import path

from .views import account, follows, invitations, maturation, offers

app_name = "community"

urlpatterns = [
    path("", account.my_space, name="my_space"),
    path("profil/", account.profile_edit, name="profile"),
    path("commune/", offers.commune_space, name="commune"),
    path("besoins/<int:need_id>/aider/", offers.offer_create, name="offer_create"),
    path("besoins/<int:need_id>/inviter/", invitations.invite_experts, name="invite"),
    path("experts/<int:expert_id>/inviter/", invitations.invite_expert, name="invite_expert"),
    path("offres/<int:pk>/", offers.offer_detail, name="offer"),
    path("offres/<int:pk>/statut/", offers.offer_status, name="offer_status"),
    path("offres/<int:pk>/versement-recu/", offers.pledge_received, name="pledge_received"),
    path("offres/<int:pk>/mentor/", maturation.offer_mentor, name="offer_mentor"),
    path("besoins/<int:need_id>/maturation/", maturation.maturation, name="maturation"),
    path("besoins/<int:need_id>/maturation/etape-suivante/", maturation.maturation_advance, name="maturation_advance"),
    path("suivre/", follows.follow, name="follow"),
    path("suivis/<int:pk>/retirer/", follows.unfollow, name="unfollow"),
    path("suivis/themes/", follows.follow_themes, name="follow_themes"),
    path("mes-donnees/", account.export, name="export"),
    path("supprimer-mon-compte/", account.delete_account, name="delete_account"),
    path("desabonnement/<str:token>/", account.unsubscribe, name="unsubscribe"),
]
